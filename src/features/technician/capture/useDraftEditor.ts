import { useCallback, useRef, useState, useSyncExternalStore } from 'react';
import { useUnsavedChanges } from '../../../runtime/unsavedChanges';
import { withoutPhotoIds, type SwapDraft } from '../../../domain/capture/swapDraft';
import { type DraftChange, type DraftSaver, LatestWriter, mergeDraftChanges, type NewPhoto, type SaveDraftResult, useDevice } from '../../../local';

export interface DraftEditor {
  draft: SwapDraft;
  /** The latest draft, including changes made since this render (for handlers that await). */
  current: () => SwapDraft;
  /** Changes fields; the change is on its way to disk at once (see useDraftEditor). */
  update: (change: (draft: SwapDraft) => SwapDraft) => void;
  /** Changes the draft together with photo bytes, in one transaction; resolves when both are on disk. */
  commit: (change: (draft: SwapDraft) => SwapDraft, photos: { add?: NewPhoto[]; remove?: string[] }) => Promise<SaveDraftResult>;
  /** Resolves when everything changed so far is on disk (before completing, or a step change). */
  flush: () => Promise<void>;
  /** Input not yet on disk (a save is waiting or running). */
  dirty: boolean;
  error: unknown;
}

/**
 * The draft being edited: React state for the screen, IndexedDB for survival. Every change (a key typed, a
 * choice tapped, a stroke drawn, a photo taken) is written at once, not after a pause: a phone can kill the
 * app at any moment and `pagehide` does not run on a hard close. A change made while a save runs waits for
 * it and is merged with any other waiting change (LatestWriter), so fast typing costs one commit per save
 * round trip, not one per key, and a photo's draft update can never be overtaken by an older save. While
 * anything is unwritten the form counts as unsaved for the app-update prompt.
 */
/** `save` is where the draft is written: the swap draft by default, an amendment's draft when correcting a returned record. */
export function useDraftEditor(initial: SwapDraft, save?: DraftSaver): DraftEditor {
  const device = useDevice();
  const saver = save ?? device.saveSwapDraft;
  const [draft, setDraft] = useState(initial);
  const latest = useRef(initial);
  // One writer for the editor's life: the device and the saver do not change while a capture screen is open.
  const [writer] = useState(() => new LatestWriter<DraftChange, SaveDraftResult>(saver, mergeDraftChanges));
  const [error, setError] = useState<unknown>(null);

  const write = useCallback(
    (photos: { add?: NewPhoto[]; remove?: string[] } = {}): Promise<SaveDraftResult> =>
      writer.submit({ draft: latest.current, addPhotos: photos.add ?? [], removePhotos: photos.remove ?? [] }).then(
        (result) => {
          setError(null);
          return result;
        },
        (cause: unknown) => {
          setError(cause);
          throw cause;
        },
      ),
    [writer],
  );

  const update = useCallback<DraftEditor['update']>(
    (change) => {
      latest.current = change(latest.current);
      setDraft(latest.current);
      void write().catch(() => undefined);
    },
    [write],
  );

  const commit = useCallback<DraftEditor['commit']>(
    (change, photos) => {
      latest.current = change(latest.current);
      setDraft(latest.current);
      return write(photos).catch((cause: unknown) => {
        // The bytes are not stored: later saves must not point at them.
        const lost = (photos.add ?? []).map((p) => p.photoId);
        if (lost.length > 0) {
          latest.current = withoutPhotoIds(latest.current, lost);
          setDraft(latest.current);
        }
        throw cause;
      });
    },
    [write],
  );

  const flush = useCallback(() => writer.idle(), [writer]);
  const dirty = useSyncExternalStore(writer.subscribe, writer.isBusy);
  useUnsavedChanges(dirty);
  const current = useCallback(() => latest.current, []);
  return { draft, current, update, commit, flush, dirty, error };
}
