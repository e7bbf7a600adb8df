import { stringify } from 'csv-stringify/sync';
import { REMOTE_READ_LABELS } from '../../../src/domain/capture/handoverLabels';
import { median } from '../../../src/domain/commissioning/commissioning';
import type { CommissioningReport, CommissioningReportQuery, CommissioningReportRow } from '../../../src/domain/commissioning/commissioningApi';
import { ok } from '../../../src/domain/protocol/result';
import { isoDayInVietnam } from '../../../src/domain/time/time';
import type { CommissioningFactRecord } from '../../store/commissioning';
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { reportTeam } from '../reportService';
import type { Result } from '../result';

/*
 * The commissioning report (issue 17 §5): per commune, technician or communication type, of the swaps installed in
 * the period: confirmed within 24 h and 48 h of the install, mismatches, overdue, still awaiting, and the median
 * time from the install to the first reading. Computed from the commissioning rows of the period (one per primary
 * completion since the feature: a campaign's tens of thousands, grouped in memory).
 */

const HOUR = 3_600_000;
/** The first day of the campaign's data and a day after anything: the bounds of an open period. */
const OPEN_FROM = '2000-01-01';
const OPEN_TO = '2999-12-31';

/** A Vietnam day's start as a UTC instant (UTC+7, no daylight saving). */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+07:00`)).toISOString();
const nextDayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+07:00`) + 24 * HOUR).toISOString();

function commTypeOf(fact: CommissioningFactRecord): string {
  if (fact.commType !== null) return fact.commType;
  const payload = fact.payload as { installed?: { remoteRead?: unknown } } | null;
  const declared = payload?.installed?.remoteRead;
  return typeof declared === 'string' ? declared : 'unknown';
}

const LABELS: Readonly<Record<string, string | undefined>> = REMOTE_READ_LABELS;
const commTypeLabel = (type: string) => LABELS[type] ?? (type === 'unknown' ? 'Không rõ' : type);

function figures(key: string, label: string, facts: readonly CommissioningFactRecord[]): CommissioningReportRow {
  const hours: number[] = [];
  const row: CommissioningReportRow = {
    key,
    label,
    installed: facts.length,
    within24h: 0,
    within48h: 0,
    confirmed: 0,
    mismatched: 0,
    overdue: 0,
    awaiting: 0,
    medianHoursToFirstRead: null,
  };
  for (const f of facts) {
    if (f.state === 'confirmed') row.confirmed += 1;
    else if (f.state === 'mismatch') row.mismatched += 1;
    else if (f.state === 'overdue') row.overdue += 1;
    else row.awaiting += 1;
    if (f.firstReadAt === null) continue;
    const elapsed = Math.max(0, Date.parse(f.firstReadAt) - Date.parse(f.installedAt)) / HOUR;
    hours.push(elapsed);
    if (f.state === 'confirmed' && elapsed <= 24) row.within24h += 1;
    if (f.state === 'confirmed' && elapsed <= 48) row.within48h += 1;
  }
  const m = median(hours);
  row.medianHoursToFirstRead = m === null ? null : Math.round(m * 10) / 10;
  return row;
}

const CSV_COLUMNS = [
  'nhom',
  'da_lap',
  'xac_nhan_trong_24h',
  'xac_nhan_trong_48h',
  'da_xac_nhan',
  'sai_lech',
  'qua_han',
  'cho_xac_nhan',
  'trung_vi_gio_den_lan_doc_dau',
];

export function createCommissioningReport(store: Store, clock: Clock) {
  async function report(auth: AuthContext, query: CommissioningReportQuery): Promise<Result<CommissioningReport>> {
    const team = reportTeam(auth.user, query.teamId);
    if (!team.ok) return team;
    const facts = await store.commissioning.facts(team.value, dayStart(query.from ?? OPEN_FROM), nextDayStart(query.to ?? OPEN_TO));
    const groups = new Map<string, { label: string; facts: CommissioningFactRecord[] }>();
    for (const f of facts) {
      const [key, label] =
        query.groupBy === 'commune'
          ? [f.commune, f.commune]
          : query.groupBy === 'technician'
            ? [f.technicianId, f.technicianName ?? f.technicianId]
            : [commTypeOf(f), commTypeLabel(commTypeOf(f))];
      const group = groups.get(key) ?? { label, facts: [] };
      group.facts.push(f);
      groups.set(key, group);
    }
    const rows = [...groups.entries()].map(([key, g]) => figures(key, g.label, g.facts)).sort((a, b) => a.label.localeCompare(b.label, 'vi'));
    return ok({ groupBy: query.groupBy, rows, totals: figures('total', 'Tổng', facts), unmatched: await store.commissioning.countUnmatched() });
  }

  async function csv(auth: AuthContext, query: CommissioningReportQuery): Promise<Result<{ filename: string; text: string }>> {
    const result = await report(auth, query);
    if (!result.ok) return result;
    const line = (r: CommissioningReportRow) => [
      r.label,
      r.installed,
      r.within24h,
      r.within48h,
      r.confirmed,
      r.mismatched,
      r.overdue,
      r.awaiting,
      r.medianHoursToFirstRead ?? '',
    ];
    const text = stringify([...result.value.rows.map(line), line(result.value.totals)], {
      header: true,
      columns: CSV_COLUMNS,
      bom: true,
      record_delimiter: '\r\n',
      escape_formulas: true,
    });
    return ok({ filename: `xac-nhan-do-xa-${query.groupBy}-${isoDayInVietnam(clock.now())}.csv`, text });
  }

  return { report, csv };
}

export type CommissioningReportService = ReturnType<typeof createCommissioningReport>;
