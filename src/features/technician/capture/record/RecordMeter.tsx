import { useTranslation } from 'react-i18next';
import type { Readings } from '../../../../domain/capture/readings';
import { formatReading } from '../../../../domain/format/numberFormat';
import { formatIsoDay } from '../../../../domain/time/time';

export interface RecordMeterProps {
  title: string;
  serial: string;
  model: string | null;
  phases: number;
  electronic: boolean | null;
  readings: Readings;
  seals: string | null;
  sealCondition: string | null;
  /** năm sản xuất, ngày kiểm định (yyyy-MM-dd), đo xa (label): absent prints "—". */
  manufactureYear?: number | undefined;
  verificationDate?: string | undefined;
  remoteRead?: string | undefined;
}

/** One equipment block of the handover record (THIẾT BỊ THÁO / THIẾT BỊ TREO). */
export function RecordMeter(props: RecordMeterProps) {
  const { t, i18n } = useTranslation();
  const none = t('capture.record.notRecorded');
  const { readings } = props;
  const rows: [string, string, boolean?][] = [
    [t('capture.record.serial'), props.serial, true],
    [t('capture.record.model'), props.model ?? none],
    [t('capture.record.phases'), t('capture.record.phasesValue', { count: props.phases })],
    [t('capture.record.kind'), props.electronic === null ? none : props.electronic ? t('capture.record.electronic') : t('capture.record.mechanical')],
    [t('capture.record.manufactureYear'), props.manufactureYear === undefined ? none : String(props.manufactureYear), true],
    [t('capture.record.verificationDate'), props.verificationDate === undefined ? none : formatIsoDay(props.verificationDate), true],
    [`${t('capture.record.readings')} – ${t('capture.record.total')}`, formatReading(readings.total, i18n.language), true],
  ];
  if (readings.normal !== undefined)
    rows.push([`${t('capture.record.readings')} – ${t('capture.fields.normal')}`, formatReading(readings.normal, i18n.language), true]);
  if (readings.peak !== undefined)
    rows.push([`${t('capture.record.readings')} – ${t('capture.fields.peak')}`, formatReading(readings.peak, i18n.language), true]);
  if (readings.offPeak !== undefined)
    rows.push([`${t('capture.record.readings')} – ${t('capture.fields.offPeak')}`, formatReading(readings.offPeak, i18n.language), true]);
  rows.push([t('capture.record.seals'), props.seals ?? none, true]);
  rows.push([t('capture.record.sealCondition'), props.sealCondition ?? none]);
  rows.push([t('capture.record.remoteRead'), props.remoteRead ?? none]);
  return (
    <section className="record__meter">
      <h2 className="record__meter-title">{props.title}</h2>
      <dl className="record__grid">
        {rows.map(([label, value, mono]) => (
          <div key={label} className="record__row">
            <dt>{label}</dt>
            <dd className={mono === true ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
