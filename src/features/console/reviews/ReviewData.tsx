import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { GPS_THRESHOLDS } from '../../../domain/map/geo';
import type { Readings } from '../../../domain/capture/readings';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import { formatDateTime } from '../../../domain/time/time';
import type { CompletionView } from '../../../domain/workOrder/workOrderDetail';
import { formatReading } from './reviewText';
import { completionFlagLabel, isConflictCode } from './recordText';

function Row({ label, expected, recorded, differs = false }: { label: string; expected?: ReactNode; recorded: ReactNode; differs?: boolean }) {
  const { t } = useTranslation();
  return (
    <tr className={differs ? 'review-data__differs' : undefined}>
      <th scope="row">{label}</th>
      <td>{expected ?? ''}</td>
      <td>
        {recorded}
        {differs && <span className="review-data__flag"> ⚠ {t('console.reviews.data.differs')}</span>}
      </td>
    </tr>
  );
}

function ReadingsText({ readings }: { readings: Readings }) {
  const { t, i18n } = useTranslation();
  const f = (v: number | undefined) => formatReading(v, i18n.language);
  return (
    <>
      <strong>{f(readings.total)}</strong>
      {readings.normal !== undefined && (
        <span className="review-data__registers">
          {t('console.reviews.data.registers', { normal: f(readings.normal), peak: f(readings.peak), offPeak: f(readings.offPeak) })}
        </span>
      )}
    </>
  );
}

/** The recorded data beside what the work order expected; differences highlighted. */
export function ReviewData({
  workOrder: wo,
  gpsDistanceM,
  completion,
}: {
  workOrder: WorkOrder;
  gpsDistanceM: number | null;
  completion: CompletionView;
}) {
  const { t, i18n } = useTranslation();
  const { removed, installed, handover } = completion;
  const below = wo.lastBilledReading !== null && removed.readings.total < wo.lastBilledReading;
  const far = gpsDistanceM !== null && gpsDistanceM > GPS_THRESHOLDS.maxDistanceM;
  const { cashless } = handover;
  // Conflicts are the record's flags, shown above with their decision; the warnings that need none are listed here.
  const warnings = completion.flags.filter((flag) => !isConflictCode(flag));
  const notIssued = completion.flags.includes('STOCK_NOT_ISSUED');
  return (
    <table className="kit-table review-data">
      <caption>{t('console.reviews.data.title')}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">{t('console.reviews.data.expected')}</th>
          <th scope="col">{t('console.reviews.data.recorded')}</th>
        </tr>
      </thead>
      <tbody>
        <Row
          label={t('console.reviews.data.removedSerial')}
          expected={<span className="mono">{wo.oldMeterSerial}</span>}
          recorded={<span className="mono">{removed.serial}</span>}
          differs={removed.serial !== wo.oldMeterSerial}
        />
        {removed.serialMismatchNote !== undefined && <Row label={t('console.reviews.data.serialNote')} recorded={removed.serialMismatchNote} />}
        {removed.bagLabel !== undefined && (
          <Row label={t('console.reviews.data.bagLabel')} recorded={<span className="mono">{removed.bagLabel}</span>} />
        )}
        <Row
          label={t('console.reviews.data.finalReading')}
          expected={`${t('console.reviews.data.lastBilled')}: ${formatReading(wo.lastBilledReading, i18n.language)}`}
          recorded={<ReadingsText readings={removed.readings} />}
          differs={below}
        />
        {removed.belowLastBilledReason !== undefined && (
          <Row label={t('console.reviews.data.belowReason')} recorded={t(`console.reviews.data.belowReasons.${removed.belowLastBilledReason}`)} />
        )}
        <Row
          label={t('console.reviews.data.sealCondition')}
          recorded={t(`console.reviews.data.sealConditions.${removed.sealCondition}`)}
          differs={removed.sealCondition !== 'intact'}
        />
        <Row
          label={t('console.reviews.data.installedSerial')}
          recorded={<span className="mono">{installed.serial}</span>}
          differs={completion.flags.includes('SERIAL_ALREADY_INSTALLED')}
        />
        {installed.model !== undefined && <Row label={t('console.reviews.data.model')} recorded={installed.model} />}
        <Row label={t('console.reviews.data.initialReading')} recorded={<ReadingsText readings={installed.readings} />} />
        {completion.commissioning !== undefined && (
          <Row
            label={t('console.reviews.data.commissioning')}
            recorded={
              <span data-testid="review-commissioning" data-state={completion.commissioning.state}>
                {t(`console.reviews.data.commissioningStates.${completion.commissioning.state}`, {
                  total: formatReading(completion.commissioning.firstReadTotal ?? undefined, i18n.language),
                  time: completion.commissioning.firstReadAt === null ? '—' : formatDateTime(new Date(completion.commissioning.firstReadAt)),
                })}
              </span>
            }
            differs={completion.commissioning.state === 'mismatch' || completion.commissioning.state === 'overdue'}
          />
        )}
        <Row
          label={t('console.reviews.data.seals')}
          recorded={<span className="mono">{installed.seals.map((s) => `${s.code} (${s.beads})`).join(', ')}</span>}
        />
        {/* Why the technician used a meter or seal not issued to them: what the supervisor weighs on STOCK_NOT_ISSUED. */}
        {(installed.stockNote !== undefined || notIssued) && (
          <Row label={t('console.reviews.data.stockNote')} recorded={installed.stockNote ?? t('console.reviews.data.stockNoteNone')} />
        )}
        <Row
          label={t('console.reviews.data.gps')}
          recorded={
            gpsDistanceM === null ? (
              t('console.reviews.data.gpsUnknown')
            ) : (
              <>
                {t('console.reviews.data.gpsValue', { distance: Math.round(gpsDistanceM), accuracy: Math.round(completion.gps.accuracyM) })}
                {far && <span className="review-data__warn">{t('console.reviews.data.gpsFar', { limit: GPS_THRESHOLDS.maxDistanceM })}</span>}
              </>
            )
          }
          differs={far}
        />
        {completion.gpsNote !== undefined && <Row label={t('console.reviews.data.gpsNote')} recorded={completion.gpsNote} />}
        <Row
          label={t('console.reviews.data.signer')}
          expected={wo.customerName}
          recorded={`${handover.signerName} (${t(`console.reviews.data.signerRoles.${handover.signerRole}`)})`}
        />
        <Row
          label={t('console.reviews.data.cashless')}
          recorded={`${t('console.reviews.data.cashlessValue', {
            current: t(`console.reviews.methods.${cashless.currentMethod}`),
            enrolled:
              cashless.enrolledMethod === undefined
                ? t('console.reviews.data.cashlessNone')
                : `${t(`console.reviews.methods.${cashless.enrolledMethod}`)}${cashless.provider === undefined ? '' : ` (${cashless.provider})`}`,
          })} · ${t('console.reviews.data.consent')}: ${t(cashless.consent ? 'console.reviews.data.consentYes' : 'console.reviews.data.consentNo')}`}
        />
        <Row label={t('console.reviews.data.completedAt')} recorded={formatDateTime(new Date(completion.completedAt))} />
        {completion.notes !== undefined && completion.notes !== '' && <Row label={t('console.reviews.data.notes')} recorded={completion.notes} />}
        {warnings.length > 0 && (
          <Row label={t('console.reviews.data.flags')} recorded={warnings.map((flag) => completionFlagLabel(t, flag)).join(' · ')} differs />
        )}
      </tbody>
    </table>
  );
}
