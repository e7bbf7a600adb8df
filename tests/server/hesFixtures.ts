/** IEC 61968-9 MeterReadings messages as a head-end exports them (issue 17), for the tests and the benchmark. */

/** Forward active energy in kWh (Wh × 10³): total, then the three time-of-use registers. */
export const READING_TYPES = {
  total: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
  normal: '0.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0',
  peak: '0.0.0.1.1.1.12.0.0.0.0.2.0.0.0.3.72.0',
  offPeak: '0.0.0.1.1.1.12.0.0.0.0.3.0.0.0.3.72.0',
} as const;

export interface FixtureReading {
  serial: string;
  readAt: string;
  total: number;
  normal?: number;
  peak?: number;
  offPeak?: number;
  amrSystem?: string;
}

function meterReading(r: FixtureReading): string {
  const registers = (['total', 'normal', 'peak', 'offPeak'] as const)
    .filter((k) => r[k] !== undefined)
    .map((k) => `<m:Readings><m:ReadingType ref="${READING_TYPES[k]}"/><m:timeStamp>${r.readAt}</m:timeStamp><m:value>${r[k]}</m:value></m:Readings>`)
    .join('');
  const amr = r.amrSystem === undefined ? '' : `<m:amrSystem>${r.amrSystem}</m:amrSystem>`;
  return `<m:MeterReading><m:Meter><m:Names><m:name>${r.serial}</m:name></m:Names>${amr}</m:Meter>${registers}</m:MeterReading>`;
}

/** A RequestMessage carrying a MeterReadings payload, with a MessageID when given. */
export function meterReadingsXml(readings: readonly FixtureReading[], messageId?: string): string {
  const header = `<Header><Verb>created</Verb><Noun>MeterReadings</Noun>${messageId === undefined ? '' : `<MessageID>${messageId}</MessageID>`}</Header>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<RequestMessage xmlns="http://iec.ch/TC57/2011/schema/message">${header}<Payload>` +
    `<m:MeterReadings xmlns:m="http://iec.ch/TC57/2011/MeterReadings#">${readings.map(meterReading).join('\n')}</m:MeterReadings>` +
    '</Payload></RequestMessage>\n'
  );
}
