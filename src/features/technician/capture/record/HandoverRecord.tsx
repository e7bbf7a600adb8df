import { useTranslation } from 'react-i18next';
import { meteringPointCode } from '../../../../domain/capture/identifiers';
import { formatCoordinates } from '../../../../domain/format/numberFormat';
import { formatDateTime } from '../../../../domain/time/time';
import { type RecordRow, usePhotoUrl } from '../../../../local';
import { MissingPhoto } from '../fields/MissingPhoto';
import { RecordMeter } from './RecordMeter';
import { RecordTransformers } from './RecordTransformers';

type SwapRecord = Extract<RecordRow, { kind: 'swap' }>;

/** Mechanical or electronic, as far as the billing system's meter type says (null when it does not). */
function isElectronic(meterType: string | null): boolean | null {
  const type = meterType?.toLowerCase() ?? '';
  if (type.includes('điện tử')) return true;
  if (type.includes('cơ khí')) return false;
  return null;
}

function Signature({ photoId, alt }: { photoId: string | undefined; alt: string }) {
  const { t } = useTranslation();
  const url = usePhotoUrl(photoId);
  if (photoId === undefined) return <p className="record__nosign">{t('capture.record.noSignature')}</p>;
  return url === null ? <MissingPhoto photoId={photoId} alt={alt} className="record__sign" /> : <img className="record__sign" src={url} alt={alt} />;
}

/**
 * "Biên bản treo tháo công tơ" as the device holds it: header, both meters, TI/TU when recorded, cashless,
 * the closing sentence of the official form, both parties' signatures. Optional fields a record does not
 * carry (older devices, or left empty) print as "—".
 */
export function HandoverRecord({ record }: { record: SwapRecord }) {
  const { t } = useTranslation();
  const { args, workOrder: wo } = record;
  const { installed } = args;
  const none = t('capture.record.notRecorded');
  const representative = args.handover.signerRole === 'representative' ? args.handover.signerName : none;
  const header: [string, string][] = [
    [t('capture.record.number'), record.recordNo],
    [t('capture.record.requestCode'), wo.code],
    [t('capture.record.reason'), wo.reason ?? none],
    [t('capture.record.customerName'), wo.customerName],
    [t('capture.record.phone'), args.handover.signerPhone ?? wo.phone ?? none],
    [t('capture.record.representative'), representative],
    [t('capture.record.address'), wo.address],
    [t('capture.record.customerCode'), wo.customerCode],
    [t('capture.record.meteringPoint'), meteringPointCode(wo.customerCode)],
    [t('capture.record.station'), wo.stationCode ?? none],
    [t('capture.record.route'), wo.routeCode ?? none],
    [t('capture.record.position'), installed.position === undefined ? none : t(`capture.positions.${installed.position}`)],
    [t('capture.record.poleBox'), installed.poleBoxNo ?? none],
    [t('capture.record.installer'), record.technicianName],
    [t('capture.record.sealer'), args.handover.sealerName ?? record.technicianName],
    [t('capture.record.dateTime'), formatDateTime(new Date(args.completedAt))],
    [t('capture.record.gps'), `${formatCoordinates(args.gps.lat, args.gps.lng)} ±${Math.round(args.gps.accuracyM)} m`],
  ];
  const c = args.handover.cashless;
  const seals = installed.seals
    .map(
      (s) => `${t('capture.handover.seal', { code: s.code, beads: s.beads })}${s.kind === undefined ? '' : ` (${t(`capture.sealKinds.${s.kind}`)})`}`,
    )
    .join('; ');
  const removedSeals = args.removed.sealCodes === undefined ? null : args.removed.sealCodes.join('; ');
  return (
    <article className="record" data-testid="handover-record">
      <h1 className="record__title">{t('capture.record.title')}</h1>
      <dl className="record__grid record__header">
        {header.map(([label, value]) => (
          <div key={label} className="record__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="record__meters">
        <RecordMeter
          title={t('capture.record.removed')}
          serial={args.removed.serial}
          model={wo.oldMeterType}
          phases={wo.phases}
          electronic={isElectronic(wo.oldMeterType)}
          readings={args.removed.readings}
          seals={removedSeals}
          sealCondition={t(`capture.sealConditions.${args.removed.sealCondition}`)}
        />
        <RecordMeter
          title={t('capture.record.installed')}
          serial={installed.serial}
          model={installed.model ?? null}
          phases={wo.phases}
          electronic
          readings={installed.readings}
          seals={seals}
          sealCondition={t('capture.sealConditions.intact')}
          manufactureYear={installed.manufactureYear}
          verificationDate={installed.verificationDate}
          remoteRead={installed.remoteRead === undefined ? undefined : t(`capture.remoteReadTypes.${installed.remoteRead}`)}
        />
      </div>
      <RecordTransformers transformers={installed.transformers} multiplier={installed.multiplier} />
      <section className="record__cashless">
        <h2 className="record__meter-title">{t('capture.record.cashless')}</h2>
        <p>
          {t('capture.record.cashlessValue', {
            current: t(`capture.cashless.methods.${c.currentMethod}`),
            enrolled:
              c.enrolledMethod === undefined
                ? t('capture.cashless.noEnrolment')
                : `${t(`capture.cashless.methods.${c.enrolledMethod}`)}${c.provider === undefined ? '' : ` (${c.provider})`}`,
          })}{' '}
          {c.enrolledMethod !== undefined && (c.consent ? t('capture.record.consentYes') : t('capture.record.consentNo'))}
        </p>
        {args.notes !== undefined && (
          <p>
            {t('capture.record.notes')}: {args.notes}
          </p>
        )}
      </section>
      <p className="record__closing">{t('capture.record.closing')}</p>
      <div className="record__signatures">
        <section className="record__party">
          <h2 className="record__party-title">{t('capture.record.buyer')}</h2>
          <p className="record__hint">{t('capture.record.buyerHint')}</p>
          <Signature photoId={args.handover.signaturePhotoId} alt={t('capture.photoKinds.signature_customer')} />
          <p className="record__name">{args.handover.signerName}</p>
        </section>
        <section className="record__party">
          <h2 className="record__party-title">{t('capture.record.seller')}</h2>
          <p className="record__hint">{t('capture.record.sellerHint')}</p>
          <Signature photoId={args.handover.technicianSignaturePhotoId} alt={t('capture.photoKinds.signature_technician')} />
          <p className="record__name">{record.technicianName}</p>
          {args.handover.sealerName !== undefined && (
            <p className="record__hint">{t('capture.record.sealedBy', { name: args.handover.sealerName })}</p>
          )}
        </section>
      </div>
    </article>
  );
}
