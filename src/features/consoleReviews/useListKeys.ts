import { useEffect } from 'react';

/** j / ↓ next, k / ↑ previous, unless the user is typing in a field. */
export function useListKeys(ids: readonly string[], selectedId: string | null, select: (id: string) => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target;
      if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const step = event.key === 'j' || event.key === 'ArrowDown' ? 1 : event.key === 'k' || event.key === 'ArrowUp' ? -1 : 0;
      if (step === 0 || ids.length === 0) return;
      event.preventDefault();
      const index = selectedId === null ? -1 : ids.indexOf(selectedId);
      const next = ids[Math.min(ids.length - 1, Math.max(0, index + step))];
      if (next !== undefined) select(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ids, selectedId, select]);
}
