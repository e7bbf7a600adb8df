import { useCallback, useEffect, useRef, useState } from 'react';
import { useUnsavedChanges } from '../../app/unsavedChanges';
import { withoutPhotoIds, type SwapDraft } from '../../domain/swapDraft';
import { saveSwapDraft, type DraftChange, type NewPhoto, type SaveDraftResult } from '../../local/drafts';
import { useLocalDatabase } from '../../local';
import { usePlatform } from '../../app/PlatformContext';

/** Typing is saved this long after the last key (a strict-durability commit per key would be wasteful). */
export const TYPING_SAVE_DELAY_MS = 300;

export interface DraftEditor {
  draft: SwapDraft;
  /** The latest draft, including changes made since this render (for handlers that await). */
  current: () => SwapDraft;
  /** Changes fields; saved shortly after (typing) or at once (`immediate`). */
  update: (change: (draft: SwapDraft) => SwapDraft, options?: { immediate?: boolean }) => void;
  /** Changes the draft together with photo bytes, in one transaction, at once. */
  commit: (change: (draft: SwapDraft) => SwapDraft, photos: { add?: NewPhoto[]; remove?: string[] }) => Promise<SaveDraftResult>;
  /** Writes whatever is still waiting (before leaving, completing, or a step change). */
  flush: () => Promise<void>;
  /** Input not yet on disk (a save is waiting or running). */
  dirty: boolean;
  error: unknown;
}

/**
 * The draft being edited: React state for the screen, IndexedDB for survival. Writes are queued
 * one after another, each with the draft as it was when queued, so a photo's draft update can never
 * be overtaken by an older save (the draft would point at a photo, or lose one). While anything is
 * unwritten the form counts as unsaved for the app-update prompt.
 */
/** Where the draft is written: the swap draft by default, an amendment's draft when correcting a returned record. */
export type DraftSaver = (db: ReturnType<typeof useLocalDatabase>, change: DraftChange, now: number) => Promise<SaveDraftResult>;

export function useDraftEditor(initial: SwapDraft, save: DraftSaver = saveSwapDraft): DraftEditor {
  const db = useLocalDatabase();
  const { clock } = usePlatform();
  const [draft, setDraft] = useState(initial);
  const latest = useRef(initial);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [inFlight, setInFlight] = useState(0);
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const enqueue = useCallback(
    (photos: { add?: NewPhoto[]; remove?: string[] } = {}): Promise<SaveDraftResult> => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      setWaiting(false);
      const snapshot = latest.current;
      setInFlight((n) => n + 1);
      const run = queue.current.then(() =>
        save(db, { draft: snapshot, addPhotos: photos.add ?? [], removePhotos: photos.remove ?? [] }, clock.now()),
      );
      queue.current = run.catch(() => undefined);
      return run
        .then((result) => {
          setError(null);
          return result;
        })
        .catch((cause: unknown) => {
          setError(cause);
          throw cause;
        })
        .finally(() => setInFlight((n) => n - 1));
    },
    [db, clock, save],
  );

  const flush = useCallback(async () => {
    if (timer.current !== null) await enqueue().catch(() => undefined);
    await queue.current;
  }, [enqueue]);

  const update = useCallback<DraftEditor['update']>(
    (change, options) => {
      latest.current = change(latest.current);
      setDraft(latest.current);
      if (options?.immediate === true) {
        void enqueue().catch(() => undefined);
        return;
      }
      if (timer.current !== null) clearTimeout(timer.current);
      setWaiting(true);
      timer.current = setTimeout(() => void enqueue().catch(() => undefined), TYPING_SAVE_DELAY_MS);
    },
    [enqueue],
  );

  const commit = useCallback<DraftEditor['commit']>(
    (change, photos) => {
      latest.current = change(latest.current);
      setDraft(latest.current);
      return enqueue(photos).catch((cause: unknown) => {
        // The bytes are not stored: later saves must not point at them.
        const lost = (photos.add ?? []).map((p) => p.photoId);
        if (lost.length > 0) {
          latest.current = withoutPhotoIds(latest.current, lost);
          setDraft(latest.current);
        }
        throw cause;
      });
    },
    [enqueue],
  );

  // Leaving the screen or the app going to the background writes what is pending right away.
  useEffect(() => {
    const writeNow = () => {
      if (timer.current !== null) void enqueue().catch(() => undefined);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') writeNow();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', writeNow);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', writeNow);
      if (timer.current !== null) void enqueue().catch(() => undefined);
    };
  }, [enqueue]);

  const dirty = waiting || inFlight > 0;
  useUnsavedChanges(dirty);
  const current = useCallback(() => latest.current, []);
  return { draft, current, update, commit, flush, dirty, error };
}
