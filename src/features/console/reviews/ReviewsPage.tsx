import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import { REVIEW_CODES, type ReviewStatus } from '../../../domain/protocol/conflicts';
import type { ResolveReviewRequest } from '../../../domain/console/reviews';
import { resolveReview } from '../../../consoleApi/reviews';
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
import { useReviewQueue } from './useReviewQueue';

const TABS: readonly ReviewStatus[] = ['open', 'approved', 'returned'];

/** Review queue (/console/reviews): open items and history, photos beside data, approve or return. */
export function ReviewsPage(_props: { me: Me }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const [status, setStatus] = useState<ReviewStatus>('open');
  const [code, setCode] = useState('');
  const [chosenId, setChosenId] = useState<string | null>(null);
  const queue = useReviewQueue(api, status);
  const { reload } = queue;
  const all = queue.items;
  const items = useMemo(() => (all ?? []).filter((item) => code === '' || item.code === code), [all, code]);
  const ids = useMemo(() => items.map((item) => item.id), [items]);
  // The chosen item while it is listed; otherwise the first one (after a decision, the next in line).
  const selected = items.find((item) => item.id === chosenId) ?? items[0] ?? null;
  const select = useCallback((id: string) => setChosenId(id), []);
  useListKeys(ids, selected?.id ?? null, select);

  const onResolve = async (request: ResolveReviewRequest) => {
    if (selected === null) return null;
    const index = ids.indexOf(selected.id);
    const result = await resolveReview(api, selected.id, request);
    if (!result.ok) {
      // Someone else decided first: the list shows the item's new state after a reload.
      if (result.error.code === 'REVIEW_CLOSED') reload();
      return result.error;
    }
    setChosenId(ids[index + 1] ?? ids[index - 1] ?? null);
    reload();
    return null;
  };

  return (
    <div className="kit-page reviews-page">
      <h1 className="page-title">{t('console.reviews.title')}</h1>
      <div className="kit-toolbar">
        <div className="kit-tabs" role="tablist">
          {TABS.map((tab) => (
            <button key={tab} type="button" role="tab" aria-selected={tab === status} onClick={() => setStatus(tab)}>
              {t(`console.reviews.tabs.${tab}`)}
            </button>
          ))}
        </div>
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
        <EmptyState>{t(status === 'open' ? 'console.reviews.empty' : 'console.reviews.emptyHistory')}</EmptyState>
      ) : (
        <div className="reviews-layout">
          <div className="reviews-layout__list">
            <ReviewList items={items} selectedId={selected?.id ?? null} onSelect={select} />
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
          {selected === null ? <EmptyState>{t('console.reviews.selectOne')}</EmptyState> : <ReviewDetail item={selected} onResolve={onResolve} />}
        </div>
      )}
    </div>
  );
}
