import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { handoverRecordNumber } from '../../src/domain/capture/captureRules';
import { meteringPointCode } from '../../src/domain/capture/identifiers';
import { sniffImageType } from '../../src/domain/capture/photos';
import {
  HANDOVER_LABELS,
  HANDOVER_PRINT_LABELS,
  PAYMENT_METHOD_LABELS,
  POSITION_LABELS,
  REMOTE_READ_LABELS,
  SEAL_CONDITION_LABELS,
} from '../../src/domain/capture/handoverLabels';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { Readings } from '../../src/domain/capture/readings';
import { formatCoordinates, formatNumber, formatReading } from '../../src/domain/format/numberFormat';
import { formatDateTime, formatIsoDay } from '../../src/domain/time/time';
import type { StoredWorkOrder } from '../store/records';
import { createImageCheck } from './imageCheck';
import { pngChunksIntact } from './imageDimensions';

/** Be Vietnam Pro (OFL), shipped in server/assets/fonts: every Vietnamese glyph, embedded as a subset by pdfkit. */
const FONT_REGULAR = fileURLToPath(new URL('../assets/fonts/BeVietnamPro_400Regular.ttf', import.meta.url));
const FONT_BOLD = fileURLToPath(new URL('../assets/fonts/BeVietnamPro_700Bold.ttf', import.meta.url));

/** A4 in points, with 40 pt margins. */
const MARGIN = 40;
const PAGE_WIDTH = 595.28;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BODY_SIZE = 9.5;
const LABEL_WIDTH = 150;
const SIGNATURE_HEIGHT = 60;
const THUMB_WIDTH = 160;
const THUMB_HEIGHT = 120;
const THUMB_GAP = 12;

const NONE = '—';

const SEAL_KINDS: Record<string, string> = { terminal_cover: 'nắp chụp cọc đấu dây', box: 'hòm công tơ', verification: 'kiểm định' };

export interface HandoverPhoto {
  photoId: string;
  caption: string;
  /** The stored bytes, or null when the photo has not arrived yet. */
  bytes: Buffer | null;
}

export interface HandoverInput {
  workOrder: StoredWorkOrder;
  swap: SwapCompleteArgs;
  technicianName: string;
  /** Every photo of the record in print order (signatures included); signatures are looked up here by id. */
  photos: HandoverPhoto[];
}

const L = { ...HANDOVER_LABELS, ...HANDOVER_PRINT_LABELS };
const orNone = (v: string | number | null | undefined): string => (v === null || v === undefined || v === '' ? NONE : String(v));

function isElectronic(meterType: string | null): string {
  const type = meterType?.toLowerCase() ?? '';
  if (type.includes('điện tử')) return L.electronic;
  if (type.includes('cơ khí')) return L.mechanical;
  return NONE;
}

/** Readings print as the screen shows them: "24.211,5". */
function reading(readings: Readings, key: keyof Readings): string {
  return formatReading(readings[key], 'vi');
}

/** The photos of a completion in print order, each with its caption. */
export function handoverPhotoList(swap: SwapCompleteArgs): { photoId: string; caption: string }[] {
  const list = [
    ...swap.removed.photoIds.map((photoId, i) => ({ photoId, caption: `${L.photoRemoved} ${i + 1}` })),
    ...swap.installed.photoIds.map((photoId, i) => ({ photoId, caption: `${L.photoInstalled} ${i + 1}` })),
    { photoId: swap.handover.signaturePhotoId, caption: L.photoSignature },
  ];
  if (swap.handover.technicianSignaturePhotoId !== undefined) {
    list.push({ photoId: swap.handover.technicianSignaturePhotoId, caption: L.seller });
  }
  return list;
}

function headerRows({ workOrder: wo, swap, technicianName }: HandoverInput): [string, string][] {
  const h = swap.handover;
  return [
    [L.number, handoverRecordNumber(swap.completionId, swap.completedAt)],
    [L.requestCode, wo.code],
    [L.reason, orNone(wo.reason)],
    [L.customerName, wo.customerName],
    [L.phone, orNone(h.signerPhone ?? wo.phone)],
    [L.representative, h.signerRole === 'representative' ? h.signerName : NONE],
    [L.address, wo.address],
    [L.customerCode, wo.customerCode],
    [L.meteringPoint, meteringPointCode(wo.customerCode)],
    [L.station, orNone(wo.stationCode)],
    [L.route, orNone(wo.routeCode)],
    [L.position, orNone(swap.installed.position && POSITION_LABELS[swap.installed.position])],
    [L.poleBox, orNone(swap.installed.poleBoxNo)],
    [L.installer, technicianName],
    [L.sealer, h.sealerName ?? technicianName],
    [L.dateTime, formatDateTime(new Date(swap.completedAt))],
    [L.gps, `${formatCoordinates(swap.gps.lat, swap.gps.lng)} (±${Math.round(swap.gps.accuracyM)} m, ${formatDateTime(new Date(swap.gps.at))})`],
  ];
}

function meterRows({ workOrder: wo, swap }: HandoverInput): [string, string, string][] {
  const { removed, installed } = swap;
  const installedSeals = installed.seals
    .map((s) => `${s.code} (${s.beads} viên${s.kind === undefined ? '' : `, ${SEAL_KINDS[s.kind] ?? s.kind}`})`)
    .join('; ');
  return [
    [L.serial, removed.serial, installed.serial],
    [L.model, orNone(wo.oldMeterType), orNone(installed.model)],
    [L.phases, `${wo.phases} pha`, `${wo.phases} pha`],
    [L.kind, isElectronic(wo.oldMeterType), L.electronic],
    [L.manufactureYear, NONE, orNone(installed.manufactureYear)],
    [L.verificationDate, NONE, installed.verificationDate === undefined ? NONE : formatIsoDay(installed.verificationDate)],
    [L.total, reading(removed.readings, 'total'), reading(installed.readings, 'total')],
    [L.normal, reading(removed.readings, 'normal'), reading(installed.readings, 'normal')],
    [L.peak, reading(removed.readings, 'peak'), reading(installed.readings, 'peak')],
    [L.offPeak, reading(removed.readings, 'offPeak'), reading(installed.readings, 'offPeak')],
    [L.seals, removed.sealCodes === undefined || removed.sealCodes.length === 0 ? NONE : removed.sealCodes.join('; '), installedSeals],
    [L.sealCondition, SEAL_CONDITION_LABELS[removed.sealCondition], SEAL_CONDITION_LABELS.intact],
    [L.remoteRead, NONE, orNone(installed.remoteRead && REMOTE_READ_LABELS[installed.remoteRead])],
  ];
}

function cashlessText(swap: SwapCompleteArgs): string {
  const c = swap.handover.cashless;
  const enrolled =
    c.enrolledMethod === undefined
      ? L.noEnrolment
      : `${PAYMENT_METHOD_LABELS[c.enrolledMethod]}${c.provider === undefined ? '' : ` (${c.provider})`}. ${c.consent ? L.consentYes : L.consentNo}`;
  return `${L.currentMethod}: ${PAYMENT_METHOD_LABELS[c.currentMethod]}. ${L.enrolledMethod}: ${enrolled}.`;
}

type Doc = PDFKit.PDFDocument;
/** A photo's bytes, or why it cannot be drawn. */
type Picture = Buffer | 'missing' | 'unreadable';

/**
 * The bytes, if the upload check (./imageCheck.ts) passes them now: photos stored before it existed, or written
 * around it, are checked here before pdfkit decodes anything, so a bomb or damaged data prints as unreadable.
 */
async function checkedPicture(bytes: Buffer | null): Promise<Picture> {
  if (bytes === null) return 'missing';
  const mime = sniffImageType(bytes);
  if (mime === null) return 'unreadable';
  const check = createImageCheck(mime);
  try {
    if (check.push(bytes) !== null) return 'unreadable';
    return (await check.finish()).ok ? bytes : 'unreadable';
  } finally {
    check.dispose();
  }
}

/** Starts a new page when `height` more points would not fit. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

/** A table with bordered cells; each row as tall as its tallest cell. */
function table(doc: Doc, widths: readonly number[], rows: readonly (readonly string[])[], boldFirstRow: boolean): void {
  const pad = 3;
  for (const [r, row] of rows.entries()) {
    const bold = boldFirstRow && r === 0;
    const heights = row.map((cell, c) => doc.font(bold || c === 0 ? 'bold' : 'regular').heightOfString(cell, { width: (widths[c] ?? 0) - 2 * pad }));
    const height = Math.max(...heights) + 2 * pad;
    ensureSpace(doc, height);
    const top = doc.y;
    let x = MARGIN;
    for (const [c, cell] of row.entries()) {
      const width = widths[c] ?? 0;
      doc.rect(x, top, width, height).lineWidth(0.5).stroke('#444444');
      doc
        .font(bold || c === 0 ? 'bold' : 'regular')
        .fillColor('#000000')
        .text(cell, x + pad, top + pad, { width: width - 2 * pad });
      x += width;
    }
    doc.x = MARGIN;
    doc.y = top + height;
  }
}

function sectionTitle(doc: Doc, title: string): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.6).font('bold').fontSize(11).text(title, MARGIN, doc.y, { width: CONTENT_WIDTH }).fontSize(BODY_SIZE).moveDown(0.3);
}

/** 3-phase indirect metering: the TI/TU rows and the multiplier, when the device recorded them. */
function transformers(doc: Doc, swap: SwapCompleteArgs): void {
  const rows = swap.installed.transformers ?? [];
  if (rows.length === 0 && swap.installed.multiplier === undefined) return;
  sectionTitle(doc, L.transformers);
  const w = CONTENT_WIDTH / 4;
  table(
    doc,
    [w, w, w, w],
    [
      [L.transformerKind, L.transformerSerial, L.transformerRatio, L.accuracyClass],
      ...rows.map((t) => [t.kind.toUpperCase(), t.serial, t.ratio, orNone(t.accuracyClass)]),
    ],
    true,
  );
  if (swap.installed.multiplier !== undefined) {
    doc
      .moveDown(0.3)
      .font('regular')
      .text(`${L.multiplier}: ${formatNumber(swap.installed.multiplier, 'vi')}`, MARGIN, doc.y, { width: CONTENT_WIDTH });
  }
}

/** Draws JPEG or PNG bytes fitted in the box; 'unreadable' for anything pdfkit cannot decode (WebP, damaged bytes). */
function drawImage(doc: Doc, bytes: Buffer, x: number, y: number, width: number, height: number): 'unreadable' | null {
  // A damaged PNG would hang pdfkit (and the process with it): draw only whole ones.
  if (sniffImageType(bytes) === 'image/png' && !pngChunksIntact(bytes)) return 'unreadable';
  try {
    doc.image(bytes, x, y, { fit: [width, height], align: 'center', valign: 'center' });
    return null;
  } catch {
    return 'unreadable';
  }
}

/** Draws a picture in a box, or a labelled placeholder when it has not arrived or cannot be drawn. */
function imageBox(doc: Doc, picture: Picture, x: number, y: number, width: number, height: number): void {
  const problem = typeof picture === 'string' ? picture : drawImage(doc, picture, x, y, width, height);
  if (problem === null) return;
  doc.rect(x, y, width, height).lineWidth(0.5).dash(3, { space: 3 }).stroke('#888888').undash();
  doc
    .font('regular')
    .fillColor('#555555')
    .text(`(${problem === 'missing' ? L.photoMissing : L.photoUnreadable})`, x + 4, y + height / 2 - 6, { width: width - 8, align: 'center' })
    .fillColor('#000000');
}

function signatures(doc: Doc, input: HandoverInput, pictures: ReadonlyMap<string, Picture>): void {
  const h = input.swap.handover;
  const half = CONTENT_WIDTH / 2;
  ensureSpace(doc, SIGNATURE_HEIGHT + 70);
  const top = doc.y + 8;
  const party = (x: number, title: string, hint: string, photoId: string | undefined, name: string) => {
    doc.font('bold').fontSize(11).text(title, x, top, { width: half, align: 'center' });
    doc
      .font('regular')
      .fontSize(BODY_SIZE)
      .text(hint, x, top + 15, { width: half, align: 'center' });
    const boxX = x + (half - 180) / 2;
    if (photoId === undefined) {
      doc.text(L.noSignature, x, top + 30 + SIGNATURE_HEIGHT / 2 - 6, { width: half, align: 'center' });
    } else {
      imageBox(doc, pictures.get(photoId) ?? 'missing', boxX, top + 30, 180, SIGNATURE_HEIGHT);
    }
    doc.font('bold').text(name, x, top + 36 + SIGNATURE_HEIGHT, { width: half, align: 'center' });
  };
  party(MARGIN, L.buyer, L.buyerHint, h.signaturePhotoId, h.signerName);
  party(MARGIN + half, L.seller, L.sellerHint, h.technicianSignaturePhotoId, input.technicianName);
  doc.x = MARGIN;
  doc.y = top + 56 + SIGNATURE_HEIGHT;
}

function photoPages(doc: Doc, photos: readonly HandoverPhoto[], pictures: ReadonlyMap<string, Picture>): void {
  doc.addPage();
  doc.font('bold').fontSize(11).text(L.photos, MARGIN, MARGIN, { width: CONTENT_WIDTH }).fontSize(BODY_SIZE).moveDown(0.5);
  const perRow = Math.floor((CONTENT_WIDTH + THUMB_GAP) / (THUMB_WIDTH + THUMB_GAP));
  let rowTop = doc.y;
  for (const [i, photo] of photos.entries()) {
    const col = i % perRow;
    if (col === 0 && i > 0) rowTop += THUMB_HEIGHT + 30;
    if (rowTop + THUMB_HEIGHT + 30 > doc.page.height - MARGIN) {
      doc.addPage();
      rowTop = MARGIN;
    }
    const x = MARGIN + col * (THUMB_WIDTH + THUMB_GAP);
    imageBox(doc, pictures.get(photo.photoId) ?? 'missing', x, rowTop, THUMB_WIDTH, THUMB_HEIGHT);
    doc.font('regular').text(photo.caption, x, rowTop + THUMB_HEIGHT + 3, { width: THUMB_WIDTH, align: 'center' });
  }
}

/**
 * The handover record (biên bản treo tháo công tơ) as an A4 PDF with Vietnamese text: header, both meters side by
 * side, GPS and time, cashless enrolment, the closing sentence of the official form, both parties' signatures,
 * then the photos ("ảnh chưa nhận" where a photo has not arrived). Optional fields a device did not send print "—".
 */
export async function renderHandoverPdf(input: HandoverInput): Promise<Buffer> {
  const recordNo = handoverRecordNumber(input.swap.completionId, input.swap.completedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `${L.title} ${recordNo}`, Subject: input.workOrder.code, Creator: 'Treo tháo công tơ', Author: input.technicianName },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const pictures = new Map<string, Picture>(await Promise.all(input.photos.map(async (p) => [p.photoId, await checkedPicture(p.bytes)] as const)));

  doc.font('bold').fontSize(15).text(L.title, { align: 'center' });
  doc.font('regular').fontSize(BODY_SIZE).text(`${L.number}: ${recordNo}`, { align: 'center' }).moveDown(0.8);
  table(doc, [LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], headerRows(input), false);

  sectionTitle(doc, `${L.removed} / ${L.installed}`);
  const meterWidth = (CONTENT_WIDTH - LABEL_WIDTH) / 2;
  table(doc, [LABEL_WIDTH, meterWidth, meterWidth], [['', L.removed, L.installed], ...meterRows(input)], true);

  transformers(doc, input.swap);

  sectionTitle(doc, L.cashless);
  doc.font('regular').text(cashlessText(input.swap), MARGIN, doc.y, { width: CONTENT_WIDTH });
  if (input.swap.notes !== undefined) doc.moveDown(0.3).text(`${L.notes}: ${input.swap.notes}`, { width: CONTENT_WIDTH });
  doc.moveDown(0.8).font('bold').text(L.closing, MARGIN, doc.y, { width: CONTENT_WIDTH });

  signatures(doc, input, pictures);
  // Signatures are drawn in their block above; the photo pages hold the meters and the site.
  const signatureIds = new Set([input.swap.handover.signaturePhotoId, input.swap.handover.technicianSignaturePhotoId]);
  photoPages(
    doc,
    input.photos.filter((p) => !signatureIds.has(p.photoId)),
    pictures,
  );
  doc.end();
  return done;
}
