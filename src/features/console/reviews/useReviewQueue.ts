import { useCallback, useEffect, useState } from 'react';
import type { ReviewStatus } from '../../../domain/protocol/conflicts';
import type { ReviewQueueItem } from '../../../domain/console/reviews';
import type { ApiClient, ApiError } from '../../../sync';
import { fetchReviews } from '../../../consoleApi/reviews';

/** One page of the queue per request; "Xem thêm" fetches the next with the server's cursor. */
export const QUEUE_PAGE = 100;

interface QueueState {
  /** Which list the items belong to (status and reload count): answers for an older list are dropped. */
  id: string;
  items: ReviewQueueItem[];
  nextCursor: string | null;
  loading: boolean;
  error: ApiError | null;
}

/** The review queue of one status, page by page; `reload` starts again from the first page. */
export function useReviewQueue(api: ApiClient, status: ReviewStatus) {
  const [nonce, setNonce] = useState(0);
  const id = `${status}#${nonce}`;
  const [state, setState] = useState<QueueState | null>(null);

  useEffect(() => {
    let live = true;
    void fetchReviews(api, { status, limit: QUEUE_PAGE }).then((result) => {
      if (!live) return;
      setState((previous) =>
        result.ok
          ? { id, items: result.value.items, nextCursor: result.value.nextCursor, loading: false, error: null }
          : { id, items: previous?.items ?? [], nextCursor: null, loading: false, error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, [api, status, id]);

  const loadMore = useCallback(async () => {
    if (state === null || state.id !== id || state.nextCursor === null) return;
    const cursor = state.nextCursor;
    setState({ ...state, loading: true });
    const result = await fetchReviews(api, { status, limit: QUEUE_PAGE, cursor });
    setState((current) => {
      if (current === null || current.id !== id) return current;
      if (!result.ok) return { ...current, loading: false, error: result.error };
      const known = new Set(current.items.map((item) => item.id));
      return {
        id,
        items: [...current.items, ...result.value.items.filter((item) => !known.has(item.id))],
        nextCursor: result.value.nextCursor,
        loading: false,
        error: null,
      };
    });
  }, [api, status, id, state]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state?.id === id ? state : null;
  return {
    /** Undefined until the first page of this list arrives. */
    items: current?.items ?? (state?.id.startsWith(`${status}#`) === true ? state.items : undefined),
    nextCursor: current?.nextCursor ?? null,
    loading: current === null || current.loading,
    error: current?.error ?? null,
    loadMore,
    reload,
  };
}
