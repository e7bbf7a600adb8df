import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Me } from '../../../domain/users/auth';
import { REVIEW_CODES, type ReviewStatus } from '../../../domain/protocol/conflicts';
import type { DecideRecordRequest } from '../../../domain/console/reviews';
import { decideRecord } from '../../../consoleApi/reviews';
import type { ApiError } from '../../../sync';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './reviews.css';
import { ReviewDetail } from './ReviewDetail';
import { ReviewList } from './ReviewList';
import { reviewCodeLabel } from './reviewText';
import { useListKeys } from './useListKeys';
import { useReviewQueue, type QueueView } from './useReviewQueue';

const TABS: readonly ReviewStatus[] = ['open', 'approved', 'returned'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Review queue (/console/reviews): one entry per record (a work order's submission with its flags inside), photos
 * beside data, one decision per record. `?workOrder=<id>` shows every record of one work order (a flag's link).
 */
export function ReviewsPage(_props: { me: Me }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const [params] = useSearchParams();
  const linked = params.get('workOrder');
  const workOrderId = linked !== null && UUID.test(linked) ? linked : null;
  const [status, setStatus] = useState<ReviewStatus>('open');
  const [code, setCode] = useState('');
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const view: QueueView = workOrderId === null ? { status } : { workOrderId };
  const queue = useReviewQueue(api, view);
  const { reload } = queue;
  const all = queue.items;
  const items = useMemo(() => (all ?? []).filter((record) => code === '' || record.items.some((i) => i.code === code)), [all, code]);
  const keys = useMemo(() => items.map((record) => record.key), [items]);
  // The chosen record while it is listed; otherwise the first one (after a decision, the next in line).
  const selected = items.find((record) => record.key === chosenKey) ?? items[0] ?? null;
  const select = useCallback((key: string) => setChosenKey(key), []);
  useListKeys(keys, selected?.key ?? null, select);

  const onDecide = async (request: DecideRecordRequest): Promise<ApiError | null> => {
    if (selected === null) return null;
    const index = keys.indexOf(selected.key);
    const result = await decideRecord(api, selected.workOrderId, request);
    if (!result.ok) {
      // Someone else decided first, or a flag arrived meanwhile: the list shows the record as it is now.
      if (result.error.code === 'REVIEW_CLOSED' || result.error.code === 'REVIEW_CHANGED') reload();
      return result.error;
    }
    if (workOrderId === null) setChosenKey(keys[index + 1] ?? keys[index - 1] ?? null);
    reload();
    return null;
  };

  const openTab = (count: number | null) => (
    <>
      {t('console.reviews.tabs.open')}
      {count !== null && <span className="reviews-count"> {count}</span>}
    </>
  );

  return (
    <div className="kit-page reviews-page">
      <h1 className="page-title">{t('console.reviews.title')}</h1>
      {queue.openCount !== null && (
        <p className="kit-muted reviews-summary" aria-live="polite">
          {t('console.reviews.openCount', { count: queue.openCount })}
        </p>
      )}
      <div className="kit-toolbar">
        {workOrderId === null ? (
          <div className="kit-tabs" role="tablist">
            {TABS.map((tab) => (
              <button key={tab} type="button" role="tab" aria-selected={tab === status} onClick={() => setStatus(tab)}>
                {tab === 'open' ? openTab(queue.openCount) : t(`console.reviews.tabs.${tab}`)}
              </button>
            ))}
          </div>
        ) : (
          <p className="reviews-linked">
            <span>{t('console.reviews.linked.title', { code: all?.[0]?.workOrder.code ?? '…' })}</span>{' '}
            <Link to="/console/reviews">{t('console.reviews.linked.back')}</Link>
          </p>
        )}
        <label className="field">
          <span className="field__label">{t('console.reviews.filterCode')}</span>
          <select className="field__input" value={code} onChange={(event) => setCode(event.target.value)}>
            <option value="">{t('console.reviews.allCodes')}</option>
            {REVIEW_CODES.map((c) => (
              <option key={c} value={c}>
                {reviewCodeLabel(t, c)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {queue.error !== null && <ErrorBanner error={queue.error} onRetry={reload} />}
      {all === undefined ? (
        queue.loading && <LoadingLine />
      ) : items.length === 0 ? (
        <EmptyState>{t(status === 'open' && workOrderId === null ? 'console.reviews.empty' : 'console.reviews.emptyHistory')}</EmptyState>
      ) : (
        <div className="reviews-layout">
          <div className="reviews-layout__list">
            <ReviewList records={items} selectedKey={selected?.key ?? null} onSelect={select} />
            {queue.nextCursor !== null && (
              <button
                type="button"
                className="button button--secondary kit-button--small reviews-more"
                disabled={queue.loading}
                onClick={() => void queue.loadMore()}
              >
                {t('console.reviews.more')}
              </button>
            )}
            <p className="kit-muted reviews-keys">{t('console.reviews.keyboardHint')}</p>
          </div>
          {selected === null ? (
            <EmptyState>{t('console.reviews.selectOne')}</EmptyState>
          ) : (
            <ReviewDetail key={selected.key} record={selected} onDecide={onDecide} />
          )}
        </div>
      )}
    </div>
  );
}
