import { handoverRecordNumber } from '../../src/domain/capture/captureRules';
import { HANDOVER_LABELS, HANDOVER_PRINT_LABELS, SEAL_CONDITION_LABELS } from '../../src/domain/capture/handoverLabels';
import type { Readings } from '../../src/domain/capture/readings';
import { CUSTOMER_COPY_PATH } from '../../src/domain/campaign/customerCopy';
import { formatReading } from '../../src/domain/format/numberFormat';
import { formatDateTime } from '../../src/domain/time/time';
import { esc, PUBLIC_PAGE_CSS } from '../publicPage/html';
import type { CustomerCopy } from '../services/customerCopyService';

/*
 * The customer's copy of the handover record as HTML (issue 15 §3, /bien-ban/<token>): rendered here, not by the PWA,
 * so it opens signed out on any phone and prints. It shows that one record: the customer's own name, address and
 * code, both meters, readings, seals, time and technician. Never the phone (the link can be forwarded), never GPS.
 * Every value goes through `esc`; no script, no inline style (the CSP): its style is at CUSTOMER_COPY_CSS_PATH.
 */

export const CUSTOMER_COPY_CSS_PATH = `${CUSTOMER_COPY_PATH}/trang.css`;

const L = { ...HANDOVER_LABELS, ...HANDOVER_PRINT_LABELS };
const NONE = '—';

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${CUSTOMER_COPY_CSS_PATH}">
</head>
<body>
${body}
</body>
</html>
`;
}

const reading = (r: Readings, key: keyof Readings): string => formatReading(r[key], 'vi');

/** The record of the copy; `pdfHref` is the page's own PDF (relative, so the token is never rebuilt here). */
export function customerCopyHtml(copy: CustomerCopy, pdfHref: string): string {
  const { swap, workOrder: wo } = copy;
  const recordNo = handoverRecordNumber(swap.completionId, swap.completedAt);
  const rows: [string, string][] = [
    [L.customerName, wo.customerName],
    [L.address, wo.address],
    [L.customerCode, wo.customerCode],
    [L.dateTime, formatDateTime(new Date(swap.completedAt))],
    [L.installer, copy.technicianName],
  ];
  const readingKeys: [keyof Readings, string][] = [
    ['total', L.total],
    ['normal', L.normal],
    ['peak', L.peak],
    ['offPeak', L.offPeak],
  ];
  const meterRows: [string, string, string][] = [
    [L.serial, swap.removed.serial, swap.installed.serial],
    ...readingKeys
      .filter(([k]) => swap.removed.readings[k] !== undefined || swap.installed.readings[k] !== undefined)
      .map(([k, label]): [string, string, string] => [label, reading(swap.removed.readings, k), reading(swap.installed.readings, k)]),
    [
      L.seals,
      swap.removed.sealCodes === undefined || swap.removed.sealCodes.length === 0 ? NONE : swap.removed.sealCodes.join('; '),
      swap.installed.seals.map((s) => `${s.code} (${s.beads} viên)`).join('; ') || NONE,
    ],
    [L.sealCondition, SEAL_CONDITION_LABELS[swap.removed.sealCondition], SEAL_CONDITION_LABELS.intact],
  ];
  const body = `<main>
<header>
<p class="eyebrow">Bản của khách hàng</p>
<h1>Biên bản treo tháo công tơ</h1>
<p class="province">${esc(L.number)} ${esc(recordNo)}</p>
</header>
<section aria-labelledby="khach-hang">
<h2 id="khach-hang">Khách hàng</h2>
<dl class="record">
${rows.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('\n')}
</dl>
</section>
<section aria-labelledby="cong-to">
<h2 id="cong-to">Công tơ</h2>
<div class="table-wrap">
<table>
<thead><tr><th scope="col"></th><th scope="col">Công tơ tháo</th><th scope="col">Công tơ treo</th></tr></thead>
<tbody>
${meterRows.map(([k, a, b]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(a)}</td><td>${esc(b)}</td></tr>`).join('\n')}
</tbody>
</table>
</div>
</section>
<p class="actions"><a class="button" href="${esc(pdfHref)}">Tải biên bản (PDF, có chữ ký và ảnh công tơ)</a></p>
<footer>
<p>${esc(L.closing)}</p>
<p>Đường dẫn này chỉ mở biên bản của hộ gia đình quý khách và hết hạn sau 90 ngày. Xin đừng chia sẻ cho người khác.</p>
</footer>
</main>`;
  return shell(`Biên bản treo tháo công tơ — ${recordNo}`, body);
}

/** One page for every miss: a malformed, unknown, expired or revoked link all look the same. */
export function customerCopyNotFoundHtml(): string {
  return shell(
    'Không tìm thấy biên bản',
    `<main>
<h1>Không tìm thấy biên bản</h1>
<p>Đường dẫn không đúng, đã hết hạn hoặc đã bị thu hồi. Xin liên hệ đội treo tháo công tơ để nhận đường dẫn mới.</p>
</main>`,
  );
}

/** The public page's style plus the record's own pieces. */
export const CUSTOMER_COPY_CSS = `${PUBLIC_PAGE_CSS}.record{display:grid;grid-template-columns:1fr;gap:.25rem;margin:0}
.record div{display:grid;grid-template-columns:1fr;gap:0 .5rem;border-bottom:1px solid #d9dee4;padding:.35rem 0}
@media (min-width:36rem){.record div{grid-template-columns:12rem 1fr}}
.record dt{color:#44546a}
.record dd{margin:0;font-weight:600;overflow-wrap:anywhere}
td{overflow-wrap:anywhere}
.actions{margin:1.5rem 0}
.button{display:inline-block;background:#0b5cad;color:#fff;padding:.75rem 1rem;border-radius:.5rem;text-decoration:none;font-weight:600}
.button:focus-visible{outline:3px solid #f5a300;outline-offset:2px}
@media print{.actions{display:none}}
`;
