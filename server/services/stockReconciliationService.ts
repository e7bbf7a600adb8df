import { stringify } from 'csv-stringify/sync';
import { ok } from '../../src/domain/protocol/result';
import {
  reconcile,
  vietnamDayBounds,
  type CompletionFact,
  type MovementFact,
  type Reconciliation,
  type ReconciliationFlagCode,
  type ReconciliationQuery,
} from '../../src/domain/stock/reconciliation';
import { technicianHolder } from '../../src/domain/stock/stock';
import { formatDateTime } from '../../src/domain/time/time';
import type { MovementFactRow } from '../store/stockReconciliation';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import { failure, type Result } from './result';

/*
 * The supervisor's end-of-day stock reconciliation (issue 16 §4), as JSON and as CSV. The figures and the flags
 * are the domain's `reconcile` over what the store reads for the team and the day; this file only scopes the
 * request and gathers the facts.
 */

const DAY_MS = 86_400_000;
/** Text bounds a day wider than the day itself: an instant written with an offset still falls inside. */
const widen = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

const toMovement = (r: MovementFactRow): MovementFact => ({
  itemId: r.item_id,
  seq: Number(r.seq),
  itemKind: r.item_kind,
  code: r.code,
  kind: r.kind,
  from: r.from_holder,
  to: r.to_holder,
  at: r.at,
  workOrderId: r.work_order_id,
  workOrderCode: r.work_order_code,
});

/** What a completion's payload (SwapCompleteArgs) says of the meters and seals; null when it cannot be read. */
function readPayload(payload: string): Pick<CompletionFact, 'installedSerial' | 'sealCodes' | 'removedSerial' | 'bagLabel'> | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const args = value as {
    installed?: { serial?: unknown; seals?: { code?: unknown }[] };
    removed?: { serial?: unknown; bagLabel?: unknown };
  } | null;
  const installedSerial = args?.installed?.serial;
  const removedSerial = args?.removed?.serial;
  if (typeof installedSerial !== 'string' || typeof removedSerial !== 'string') return null;
  const seals = Array.isArray(args?.installed?.seals) ? args.installed.seals : [];
  const bagLabel = args?.removed?.bagLabel;
  return {
    installedSerial,
    sealCodes: seals.map((s) => s.code).filter((c): c is string => typeof c === 'string'),
    removedSerial,
    bagLabel: typeof bagLabel === 'string' ? bagLabel : null,
  };
}

/** A void's photo ids (a JSON array of strings, as stock.void writes it); none when it cannot be read. */
function readPhotoIds(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The flags in the CSV's words (Vietnamese, as the console says them). */
const FLAG_TEXT: Record<ReconciliationFlagCode, string> = {
  installed_not_issued: 'Lắp vật tư không được cấp cho kỹ thuật viên',
  void_not_held: 'Hủy vật tư kỹ thuật viên không giữ',
  removed_not_returned: 'Công tơ tháo chưa trả kho quá hạn',
  removed_no_label: 'Công tơ tháo không có số túi/nhãn',
};
const ITEM_KIND_TEXT = { meter: 'Công tơ mới', seal: 'Niêm chì', removed: 'Công tơ tháo' } as const;

const TECHNICIAN_COLUMNS = [
  'ngay',
  'ky_thuat_vien',
  'so_ca_thay',
  'cong_to_dau_ngay',
  'niem_chi_dau_ngay',
  'cong_to_nhan',
  'niem_chi_nhan',
  'cong_to_tra_kho',
  'niem_chi_tra_kho',
  'cong_to_thao_tra_kho',
  'cong_to_lap',
  'niem_chi_da_dung',
  'cong_to_huy',
  'niem_chi_huy',
  'cong_to_thao_nhan',
  'cong_to_cuoi_ngay',
  'niem_chi_cuoi_ngay',
  'cong_to_thao_phai_tra',
];
const FLAG_COLUMNS = ['chenh_lech', 'mo_ta', 'ky_thuat_vien', 'loai_vat_tu', 'ma_vat_tu', 'ma_lenh', 'thoi_diem', 'so_ngay'];
const CSV_OPTIONS = { header: true, record_delimiter: '\r\n', escape_formulas: true } as const;

export function createStockReconciliationService(store: Store) {
  async function report(auth: AuthContext, query: ReconciliationQuery): Promise<Result<Reconciliation>> {
    let teamId: string;
    if (auth.user.role === 'admin') {
      if (query.teamId === undefined) {
        return failure('VALIDATION_FAILED', 'Name the team.', {
          errors: [{ path: 'teamId', code: 'required', message: 'Add ?teamId= with the id of a team.' }],
        });
      }
      teamId = query.teamId;
    } else {
      if (auth.user.role !== 'supervisor' || auth.user.teamId === null)
        return failure('FORBIDDEN', 'Only a supervisor of a team or an admin reconciles stock.');
      if (query.teamId !== undefined && query.teamId !== auth.user.teamId)
        return failure('FORBIDDEN', "Supervisors see only their own team's stock.");
      teamId = auth.user.teamId;
    }
    if ((await store.teams.findById(teamId)) === undefined) {
      return failure('VALIDATION_FAILED', 'No such team.', { errors: [{ path: 'teamId', code: 'not_found', message: 'Unknown team.' }] });
    }
    let only: { id: string; name: string } | null = null;
    if (query.technicianId !== undefined) {
      const technician = await store.users.findById(query.technicianId);
      if (technician === undefined || technician.role !== 'technician') {
        return failure('VALIDATION_FAILED', 'No technician has this id.', {
          errors: [{ path: 'technicianId', code: 'not_technician', message: 'No technician has this id.' }],
        });
      }
      if (technician.teamId !== teamId) {
        return failure(auth.user.role === 'admin' ? 'VALIDATION_FAILED' : 'FORBIDDEN', 'This technician belongs to another team.', {
          errors: [{ path: 'technicianId', code: 'other_team', message: `${technician.displayName} belongs to another team.` }],
        });
      }
      only = { id: technician.id, name: technician.displayName };
    }

    const { from, to } = vietnamDayBounds(query.date);
    const [wideFrom, wideTo] = [widen(from, -1), widen(to, 1)];
    const result = await store.snapshot(async (tx) => {
      const repo = tx.stockReconciliation;
      const [dayMovements, voids, completionRows] = [
        await repo.teamMovements(teamId, wideFrom, wideTo),
        await repo.voids(teamId, wideFrom, wideTo),
        await repo.completions(teamId, query.date),
      ];
      // The team's technicians, and anyone else the day's records name (one who moved team since).
      const names = new Map<string, string>();
      if (only !== null) names.set(only.id, only.name);
      else {
        for (const t of await tx.users.listActiveTechnicians(teamId)) names.set(t.id, t.displayName);
        const seen = new Set<string>([...voids.map((v) => v.technician_id), ...completionRows.map((c) => c.technician_id)]);
        for (const m of dayMovements) {
          for (const holder of [m.from_holder, m.to_holder]) if (holder?.startsWith('technician:')) seen.add(holder.slice('technician:'.length));
        }
        for (const id of seen) {
          if (names.has(id)) continue;
          const user = await tx.users.findById(id);
          names.set(id, user?.displayName ?? id);
        }
      }
      const technicians = [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      const held = await repo.heldMovements(
        technicians.map((t) => technicianHolder(t.id)),
        wideFrom,
        wideTo,
      );
      const installs = await repo.installsAt([...new Set(completionRows.map((c) => c.work_order_id))]);
      const issued = await repo.issuedHolders(
        technicians.map((t) => technicianHolder(t.id)),
        to,
      );
      const completions: CompletionFact[] = [];
      for (const c of completionRows) {
        const read = readPayload(c.payload);
        if (read === null) continue;
        completions.push({
          workOrderId: c.work_order_id,
          workOrderCode: c.work_order_code,
          technicianId: c.technician_id,
          capturedAt: c.captured_at,
          ...read,
        });
      }
      return reconcile({
        date: query.date,
        returnDays: query.returnDays,
        technicians,
        movements: [...dayMovements, ...held, ...installs].map(toMovement),
        voids: voids.map((v) => ({
          technicianId: v.technician_id,
          kind: v.kind,
          code: v.code,
          held: Number(v.held) === 1,
          at: v.at,
          workOrderId: v.work_order_id,
          workOrderCode: v.work_order_code,
          photoIds: readPhotoIds(v.photo_ids),
        })),
        completions,
        issuedTechnicians: new Set(technicians.filter((t) => issued.has(technicianHolder(t.id))).map((t) => t.id)),
      });
    });
    return ok({ date: query.date, teamId, returnDays: query.returnDays, from, to, ...result });
  }

  /**
   * The CSV (UTF-8 with BOM): one row per technician, then an empty line and the flagged differences under their
   * own header. One file, so the day's figures and what is wrong with them travel together.
   */
  async function csv(auth: AuthContext, query: ReconciliationQuery): Promise<Result<{ filename: string; text: string }>> {
    const result = await report(auth, query);
    if (!result.ok) return result;
    const { technicians, flags, date } = result.value;
    const figures = stringify(
      technicians.map((r) => [
        date,
        r.name,
        r.swaps,
        r.openingMeters,
        r.openingSeals,
        r.issuedMeters,
        r.issuedSeals,
        r.returnedMeters,
        r.returnedSeals,
        r.returnedRemoved,
        r.installedMeters,
        r.sealsUsed,
        r.voidedMeters,
        r.voidedSeals,
        r.removedTaken,
        r.onHandMeters,
        r.onHandSeals,
        r.toReturn,
      ]),
      { ...CSV_OPTIONS, bom: true, columns: TECHNICIAN_COLUMNS },
    );
    const differences = stringify(
      flags.map((f) => [
        f.code,
        FLAG_TEXT[f.code],
        f.technicianName,
        ITEM_KIND_TEXT[f.itemKind],
        f.itemCode,
        f.workOrderCode ?? '',
        formatDateTime(new Date(f.at)),
        f.days ?? '',
      ]),
      { ...CSV_OPTIONS, columns: FLAG_COLUMNS },
    );
    return ok({ filename: `doi-chieu-vat-tu-${date}.csv`, text: `${figures}\r\n${differences}` });
  }

  return { report, csv };
}

export type StockReconciliationService = ReturnType<typeof createStockReconciliationService>;
