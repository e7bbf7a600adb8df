import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RecordRow } from '../../../local';

/** After "Hoàn thành" or a failed visit: what happened, and where to go next. */
export function DoneView({ record }: { record: RecordRow }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const swap = record.kind === 'swap';
  const amended = record.kind === 'swap' && (record.amendments ?? []).length > 0;
  return (
    <section className="capture capture__done" aria-labelledby="done-title">
      <h2 id="done-title" ref={heading} tabIndex={-1} className={`capture__title ${swap ? 'capture__title--ok' : 'capture__title--danger'}`}>
        {amended ? t('capture.amend.doneTitle') : swap ? t('capture.done.swapTitle') : t('capture.done.failTitle')}
      </h2>
      <p className="notice notice--info">{amended ? t('capture.amend.doneBody') : swap ? t('capture.done.swapBody') : t('capture.done.failBody')}</p>
      {swap && (
        <Link className="button button--primary button--block" to={`/work-orders/${record.workOrderId}/handover`}>
          {t('capture.start.viewRecord')}
        </Link>
      )}
      <Link className="button button--secondary button--block" to="/">
        {t('capture.done.toList')}
      </Link>
    </section>
  );
}
