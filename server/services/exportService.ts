import { handoverRecordNumber } from '../../src/domain/capture/captureRules';
import { meteringPointCode } from '../../src/domain/capture/identifiers';
import { SwapCompleteArgs, type Seal } from '../../src/domain/protocol/mutations';
import type { ExportQuery, ExportSummary } from '../../src/domain/console/reports';
import { formatPlainDecimal } from '../../src/domain/format/numberFormat';
import { formatDateTime, isoDayInVietnam } from '../../src/domain/time/time';
import { stringify, type Options as CsvOptions } from 'csv-stringify/sync';
import { buffer } from 'node:stream/consumers';
import type { BlobStore } from '../blobs/blobStore';
import type { CompletionRecord, StoredWorkOrder } from '../store/records';
import type { ExportRow } from '../store/reports';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { handoverPhotoList } from './handoverPdf';
import type { PdfRenderer } from './pdfRenderer';
import { reportTeam } from './reportService';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';

/** Rows per write: one chunk per few hundred rows keeps the response streaming without a write call per row. */
const ROWS_PER_CHUNK = 200;

type Swap = SwapCompleteArgs;
type CsvValue = string | number | undefined | null;

/**
 * The CMIS export columns, in order. Names mirror the import's CMIS names where one exists (MA_YCAU_KNAI,
 * MA_KHANG, TEN_KHANG, DTHOAI, DIA_CHI, XA_PHUONG, TINH, MA_TRAM, MA_SOGCS, SO_PHA, LOAI_CTO); the rest follow
 * the same style. Numbers use "." as the decimal point and no grouping; dates are dd/MM/yyyy HH:mm in
 * Asia/Ho_Chi_Minh; payment methods and seal conditions are the app's stable codes (cash, e_wallet, intact…).
 */
export const EXPORT_COLUMNS: readonly [string, (row: ExportRow, swap: Swap) => CsvValue][] = [
  ['MA_YCAU_KNAI', (r) => r.workOrder.code],
  ['MA_KHANG', (r) => r.workOrder.customerCode],
  ['MA_DDO', (r) => meteringPointCode(r.workOrder.customerCode)],
  ['TEN_KHANG', (r) => r.workOrder.customerName],
  ['DTHOAI', (r, s) => s.handover.signerPhone ?? r.workOrder.phone],
  ['DIA_CHI', (r) => r.workOrder.address],
  ['XA_PHUONG', (r) => r.workOrder.commune],
  ['TINH', (r) => r.workOrder.province],
  ['MA_TRAM', (r) => r.workOrder.stationCode],
  ['MA_SOGCS', (r) => r.workOrder.routeCode],
  ['SO_PHA', (r) => r.workOrder.phases],
  ['SO_CTO_THAO', (_r, s) => s.removed.serial],
  ['LOAI_CTO_THAO', (r) => r.workOrder.oldMeterType],
  ['CHI_SO_THAO', (_r, s) => s.removed.readings.total],
  ['CHI_SO_THAO_BT', (_r, s) => s.removed.readings.normal],
  ['CHI_SO_THAO_CD', (_r, s) => s.removed.readings.peak],
  ['CHI_SO_THAO_TD', (_r, s) => s.removed.readings.offPeak],
  ['TT_NIEM_PHONG_THAO', (_r, s) => s.removed.sealCondition],
  ['SO_CTO_TREO', (_r, s) => s.installed.serial],
  ['LOAI_CTO_TREO', (_r, s) => s.installed.model],
  ['CHI_SO_TREO', (_r, s) => s.installed.readings.total],
  ['CHI_SO_TREO_BT', (_r, s) => s.installed.readings.normal],
  ['CHI_SO_TREO_CD', (_r, s) => s.installed.readings.peak],
  ['CHI_SO_TREO_TD', (_r, s) => s.installed.readings.offPeak],
  ['MA_CHI', (_r, s) => sealCodes(s.installed.seals)],
  ['NGAY_TREO_THAO', (_r, s) => formatDateTime(new Date(s.completedAt))],
  ['NV_TREO_THAO', (r) => r.technicianName],
  ['VI_DO', (_r, s) => s.gps.lat],
  ['KINH_DO', (_r, s) => s.gps.lng],
  ['TT_HIEN_TAI', (_r, s) => s.handover.cashless.currentMethod],
  ['TT_KHONG_TIEN_MAT', (_r, s) => (s.handover.cashless.consent ? s.handover.cashless.enrolledMethod : undefined)],
  ['NHA_CUNG_CAP_TT', (_r, s) => (s.handover.cashless.consent ? s.handover.cashless.provider : undefined)],
  ['SO_BIEN_BAN', (_r, s) => handoverRecordNumber(s.completionId, s.completedAt)],
  ['NGAY_NHAN', (r) => formatDateTime(new Date(r.receivedAt))],
];

/** "TC-102938 (2 viên); HC-55 (1 viên)": code and bead count of every seal of the installed meter. */
export function sealCodes(seals: readonly Seal[]): string {
  return seals.map((s) => `${s.code} (${s.beads} viên)`).join('; ');
}

/**
 * The CSV dialect of the export, written by csv-stringify: RFC 4180 (a field is quoted when it holds a comma, a quote
 * or a line break, quotes doubled), CRLF after every record, and the formula guard: a text starting with = + - @ (or
 * a tab / carriage return, or their full-width forms) gets a leading apostrophe so a spreadsheet never runs it as a
 * formula. Numbers keep the machine form CMIS reads (`formatPlainDecimal`: "." as the decimal point, no grouping, never an
 * exponent), not the "24.211,5" of the screens and the PDF; a non-finite one is empty.
 */
const CSV_FORMAT = {
  record_delimiter: 'windows',
  // Giving record_delimiter turns quoting of a lone CR or LF off; a field holding one must still be quoted.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { number: (value) => formatPlainDecimal(value) },
} satisfies CsvOptions;

/** BOM and header row: Excel reads a UTF-8 CSV as UTF-8 (Vietnamese intact) only when it starts with the byte order mark. */
const CSV_HEAD_FORMAT = { ...CSV_FORMAT, bom: true, header: true, columns: EXPORT_COLUMNS.map(([name]) => name) } satisfies CsvOptions;

/** One field as the export writes it (the CSV dialect above, for one value). */
export function csvField(value: CsvValue): string {
  return stringify([[value]], { ...CSV_FORMAT, eof: false });
}

function csvRecord(row: ExportRow): CsvValue[] {
  // Stored payloads were parsed with this schema on receipt; one that no longer parses is corrupt data, a bug.
  const swap = SwapCompleteArgs.parse(row.payload);
  return EXPORT_COLUMNS.map(([, value]) => value(row, swap));
}

export interface CsvExport {
  filename: string;
  /** BOM + header first, then rows in chunks. */
  chunks: AsyncGenerator<string>;
}

export interface HandoverPdf {
  filename: string;
  bytes: Buffer;
}

/** File names keep to letters, digits, dot, dash and underscore (a header value, and a file on the user's disk). */
const safeName = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_');

/** A completion with what its handover record prints. */
export interface HandoverSource {
  completion: CompletionRecord;
  workOrder: StoredWorkOrder;
  technicianName: string;
}

/**
 * The handover record PDF of a completion (the console's export and the customer's copy draw the same document).
 * `withoutPhone` leaves the customer's phone out (the customer's copy opens by link, without signing in).
 */
export async function drawHandoverPdf(
  deps: { store: Store; blobs: BlobStore; pdf: PdfRenderer },
  found: HandoverSource,
  { withoutPhone = false } = {},
): Promise<Result<HandoverPdf>> {
  // Stored payloads were parsed with this schema on receipt; one that no longer parses is corrupt data, a bug.
  const parsed = SwapCompleteArgs.parse(found.completion.payload);
  const swap = withoutPhone ? { ...parsed, handover: { ...parsed.handover, signerPhone: undefined } } : parsed;
  const workOrder = withoutPhone ? { ...found.workOrder, phone: null } : found.workOrder;
  const listed = handoverPhotoList(swap);
  // Only photos the completion's technician uploaded: a quoted hash of somebody else's photo prints as missing.
  const backed = await deps.store.photos.uploadedBy(
    listed.map((p) => p.photoId),
    found.completion.technicianId,
  );
  const photos = await Promise.all(
    listed.map(async ({ photoId, caption }) => {
      const blob = backed.has(photoId) ? await deps.blobs.get(photoId) : null;
      return { photoId, caption, bytes: blob === null ? null : await buffer(blob.stream()) };
    }),
  );
  // Drawn in the worker pool: nothing an image holds can crash or freeze this process (./pdfRenderer.ts).
  const rendered = await deps.pdf.render({ workOrder, swap, technicianName: found.technicianName, photos });
  if (!rendered.ok) return rendered;
  return ok({ filename: `bien-ban-${safeName(workOrder.code)}.pdf`, bytes: rendered.value });
}

/** The team an export covers (null: every team, admins only), or why the query is refused. */
function exportTeam(auth: AuthContext, query: ExportQuery): Result<string | null> {
  const team = reportTeam(auth.user, query.teamId);
  if (!team.ok) return team;
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    return failure('VALIDATION_FAILED', 'The period ends before it starts.', {
      errors: [{ path: 'to', code: 'too_small', message: 'Ngày kết thúc phải sau ngày bắt đầu: chọn lại khoảng ngày.' }],
    });
  }
  return team;
}

export function createExportService(store: Store, clock: Clock, blobs: BlobStore, pdf: PdfRenderer) {
  /**
   * `GET /api/v1/exports/completions/summary`: for the CSV's period, how many swaps it holds and how many received
   * ones still wait for approval (an empty CSV usually means nobody approved yet). Not audited: it exports nothing.
   */
  async function completionsSummary(auth: AuthContext, query: ExportQuery): Promise<Result<ExportSummary>> {
    const team = exportTeam(auth, query);
    if (!team.ok) return team;
    return ok(await store.reports.exportCounts(team.value, { from: query.from, to: query.to }));
  }

  /**
   * `GET /api/v1/exports/completions.csv`: the primary completions of work orders in status `approved` (a
   * supervisor's approval is what makes a swap ready for billing), received in the period, as CSV for CMIS.
   * The export itself is written to the audit log.
   */
  async function completionsCsv(auth: AuthContext, query: ExportQuery): Promise<Result<CsvExport>> {
    const team = exportTeam(auth, query);
    if (!team.ok) return team;
    const now = clock.now();
    await store.audit.append([
      {
        actorId: auth.user.id,
        action: 'export.completions',
        entity: 'export',
        entityId: team.value ?? 'all',
        before: null,
        after: { from: query.from ?? null, to: query.to ?? null, teamId: team.value },
        at: now.toISOString(),
      },
    ]);
    const filename = `hoan-thanh-${query.from ?? 'tat-ca'}-${query.to ?? isoDayInVietnam(now)}.csv`;
    const rows = store.reports.approvedForExport(team.value, { from: query.from, to: query.to });
    async function* chunks(): AsyncGenerator<string> {
      yield stringify([], CSV_HEAD_FORMAT);
      let records: CsvValue[][] = [];
      for await (const row of rows) {
        records.push(csvRecord(row));
        if (records.length === ROWS_PER_CHUNK) {
          yield stringify(records, CSV_FORMAT);
          records = [];
        }
      }
      if (records.length > 0) yield stringify(records, CSV_FORMAT);
    }
    return ok({ filename, chunks: chunks() });
  }

  /**
   * `GET /api/v1/completions/:id/handover.pdf`: the handover record of one completion. Visible to an admin, a
   * supervisor of the work order's team and the technician who made it; anyone else gets NOT_FOUND, as if it
   * did not exist (like the work-order detail).
   */
  async function handoverPdf(auth: AuthContext, completionId: string): Promise<Result<HandoverPdf>> {
    const found = await store.snapshot(async (tx) => {
      const completion = await tx.completions.findById(completionId);
      const workOrder = completion && (await tx.workOrders.findById(completion.workOrderId));
      if (!completion || !workOrder) return null;
      const user = auth.user;
      const allowed =
        user.role === 'admin' ||
        (user.role === 'supervisor' && user.teamId !== null && workOrder.teamId === user.teamId) ||
        (user.role === 'technician' && completion.technicianId === user.id);
      if (!allowed) return null;
      const technician = await tx.users.findById(completion.technicianId);
      return { completion, workOrder, technicianName: technician?.displayName ?? '' };
    });
    if (found === null) return failure('NOT_FOUND', 'No such completion.');
    return drawHandoverPdf({ store, blobs, pdf }, found);
  }

  return { completionsCsv, completionsSummary, handoverPdf };
}

export type ExportService = ReturnType<typeof createExportService>;
