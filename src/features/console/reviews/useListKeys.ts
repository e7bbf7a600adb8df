import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * j / ↓ next, k / ↑ previous, unless the user is typing in a field.
 * One listener for the page's life, reading the list as last committed: a key pressed right after the list appears
 * acts on what is on screen (re-attaching the listener in a passive effect left a moment where it saw the old list).
 */
export function useListKeys(ids: readonly string[], selectedId: string | null, select: (id: string) => void): void {
  const latest = useRef({ ids, selectedId, select });
  useLayoutEffect(() => {
    latest.current = { ids, selectedId, select };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target;
      if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const step = event.key === 'j' || event.key === 'ArrowDown' ? 1 : event.key === 'k' || event.key === 'ArrowUp' ? -1 : 0;
      const { ids: shown, selectedId: current, select: choose } = latest.current;
      if (step === 0 || shown.length === 0) return;
      event.preventDefault();
      const index = current === null ? -1 : shown.indexOf(current);
      const next = shown[Math.min(shown.length - 1, Math.max(0, index + step))];
      if (next !== undefined) choose(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
