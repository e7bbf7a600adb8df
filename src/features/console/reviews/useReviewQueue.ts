import { useCallback, useEffect, useState } from 'react';
import type { ReviewStatus } from '../../../domain/protocol/conflicts';
import type { ReviewRecordView } from '../../../domain/console/reviews';
import type { ApiClient, ApiError } from '../../../sync';
import { fetchReviewRecords } from '../../../consoleApi/reviews';

/** One page of the queue per request; "Xem thêm" fetches the next with the server's cursor. */
export const QUEUE_PAGE = 100;

/** Which records: one status of the team's queue, or every record of one work order (a link from a flag). */
export type QueueView = { status: ReviewStatus } | { workOrderId: string };

interface QueueState {
  /** Which list the records belong to (view and reload count): answers for an older list are dropped. */
  id: string;
  items: ReviewRecordView[];
  nextCursor: string | null;
  openCount: number | null;
  loading: boolean;
  error: ApiError | null;
}

function viewId(view: QueueView): string {
  return 'status' in view ? view.status : `wo:${view.workOrderId}`;
}

function queryOf(view: QueueView) {
  return 'status' in view ? { status: view.status } : { status: 'all' as const, workOrderId: view.workOrderId };
}

/** The review queue by record, page by page; `reload` starts again from the first page. */
export function useReviewQueue(api: ApiClient, view: QueueView) {
  const [nonce, setNonce] = useState(0);
  const base = viewId(view);
  const id = `${base}#${nonce}`;
  const [state, setState] = useState<QueueState | null>(null);
  const status = 'status' in view ? view.status : null;
  const workOrderId = 'workOrderId' in view ? view.workOrderId : null;

  useEffect(() => {
    let live = true;
    const query = queryOf(status === null ? { workOrderId: workOrderId ?? '' } : { status });
    void fetchReviewRecords(api, { ...query, limit: QUEUE_PAGE }).then((result) => {
      if (!live) return;
      setState((previous) =>
        result.ok
          ? { id, items: result.value.items, nextCursor: result.value.nextCursor, openCount: result.value.openCount, loading: false, error: null }
          : { id, items: previous?.items ?? [], nextCursor: null, openCount: previous?.openCount ?? null, loading: false, error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, [api, status, workOrderId, id]);

  const loadMore = useCallback(async () => {
    if (state === null || state.id !== id || state.nextCursor === null) return;
    const cursor = state.nextCursor;
    setState({ ...state, loading: true });
    const query = queryOf(status === null ? { workOrderId: workOrderId ?? '' } : { status });
    const result = await fetchReviewRecords(api, { ...query, limit: QUEUE_PAGE, cursor });
    setState((current) => {
      if (current === null || current.id !== id) return current;
      if (!result.ok) return { ...current, loading: false, error: result.error };
      const known = new Set(current.items.map((item) => item.key));
      return {
        id,
        items: [...current.items, ...result.value.items.filter((item) => !known.has(item.key))],
        nextCursor: result.value.nextCursor,
        openCount: result.value.openCount,
        loading: false,
        error: null,
      };
    });
  }, [api, status, workOrderId, id, state]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state?.id === id ? state : null;
  const sameView = state?.id.startsWith(`${base}#`) === true;
  return {
    /** Undefined until the first page of this list arrives. */
    items: current?.items ?? (sameView ? state.items : undefined),
    nextCursor: current?.nextCursor ?? null,
    /** Records waiting for a decision (the team's, whatever the list shows); null until known. */
    openCount: current?.openCount ?? state?.openCount ?? null,
    loading: current === null || current.loading,
    error: current?.error ?? null,
    loadMore,
    reload,
  };
}
