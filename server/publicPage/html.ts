import { type PublicCommune } from '../../src/domain/campaign/publicPage';
import { OTHER_HAMLET } from '../../src/domain/campaign/roadmap';
import { formatCount, formatNumber } from '../../src/domain/format/numberFormat';
import { formatDate, formatTime } from '../../src/domain/time/time';

/*
 * The public progress page as HTML (issue 15 §2, /cong-khai/<slug>): rendered here, not by the PWA, so that it opens
 * signed out, on any phone, without the app's JavaScript, and prints. Every value goes through `esc`; the page has
 * no script and no inline style (the CSP allows neither): its style is PUBLIC_PAGE_CSS at PUBLIC_PAGE_CSS_PATH.
 */

export const PUBLIC_PAGE_CSS_PATH = '/cong-khai/trang.css';

/** Text and attribute values escaped for HTML. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const count = (n: number) => formatCount(n, 'vi');
const percent = (part: number, whole: number) => (whole === 0 ? '0' : formatNumber((100 * part) / whole, 'vi', { maxFractionDigits: 0 }));

/** "07/12" of an ISO date. */
const dayMonth = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
/** "Tuần 50/2026" of "2026-W50". */
const weekName = (week: string) => `Tuần ${Number(week.slice(6))}/${week.slice(0, 4)}`;

/** "14:05 ngày 07/12/2026" in Vietnam time. */
function asOfText(iso: string): string {
  const at = new Date(iso);
  return `${formatTime(at)} ngày ${formatDate(at)}`;
}

function hamletWeeks(first: string | null, last: string | null): string {
  if (first === null || last === null) return '—';
  return first === last ? weekName(first) : `${weekName(first)} – ${weekName(last)}`;
}

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${PUBLIC_PAGE_CSS_PATH}">
</head>
<body>
${body}
</body>
</html>
`;
}

export function publicPageHtml(page: PublicCommune): string {
  const hamletRows = page.hamlets
    .map(
      (h) => `<tr>
<th scope="row">${h.name === OTHER_HAMLET ? 'Khác' : esc(h.name)}</th>
<td class="num">${esc(count(h.total))}</td>
<td class="num">${esc(count(h.done))}</td>
<td>${esc(hamletWeeks(h.firstWeek, h.lastWeek))}</td>
</tr>`,
    )
    .join('\n');
  const weekItems = page.weeks
    .map((w) => `<li><strong>${esc(weekName(w.week))}</strong> (${esc(dayMonth(w.from))} – ${esc(dayMonth(w.to))}): ${esc(count(w.planned))} hộ</li>`)
    .join('\n');
  const body = `<main>
<header>
<p class="eyebrow">Thay công tơ cơ khí bằng công tơ điện tử đo xa, miễn phí</p>
<h1>${esc(page.commune)}</h1>
<p class="province">${esc(page.province)}</p>
</header>
<section aria-labelledby="tong-quan">
<h2 id="tong-quan">Tổng quan</h2>
<dl class="figures">
<div><dt>Số hộ cần thay</dt><dd>${esc(count(page.total))}</dd></div>
<div><dt>Đã thay</dt><dd>${esc(count(page.done))} <span class="pct">(${esc(percent(page.done, page.total))}%)</span></dd></div>
<div><dt>Hộ đăng ký trả tiền điện không dùng tiền mặt</dt><dd>${esc(count(page.cashlessEnrolled))}</dd></div>
</dl>
</section>
<section aria-labelledby="theo-thon">
<h2 id="theo-thon">Theo thôn, tổ dân phố</h2>
<div class="table-wrap">
<table>
<thead><tr><th scope="col">Thôn, tổ</th><th scope="col" class="num">Số hộ</th><th scope="col" class="num">Đã thay</th><th scope="col">Tuần dự kiến</th></tr></thead>
<tbody>
${hamletRows}
</tbody>
</table>
</div>
<p class="note">Thôn, tổ có dưới 5 hộ được cộng vào dòng “Khác”.</p>
</section>
<section aria-labelledby="lich">
<h2 id="lich">Các tuần dự kiến thay</h2>
${page.weeks.length === 0 ? '<p>Chưa có lịch thay cho các hộ còn lại.</p>' : `<ul class="weeks">\n${weekItems}\n</ul>`}
</section>
<footer>
<p>Số liệu lúc ${esc(asOfText(page.asOf))} (giờ Việt Nam).</p>
<p>Trang này chỉ có số hộ, không có thông tin riêng của hộ nào.</p>
</footer>
</main>`;
  return shell(`Tiến độ thay công tơ — ${page.commune}, ${page.province}`, body);
}

export function publicNotFoundHtml(): string {
  return shell(
    'Không tìm thấy trang',
    `<main>
<h1>Không tìm thấy trang</h1>
<p>Địa chỉ này không thuộc xã, phường nào đang thay công tơ. Hãy kiểm tra lại đường dẫn.</p>
</main>`,
  );
}

export const PUBLIC_PAGE_CSS = `*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:#1a1a1a;background:#fff;line-height:1.5}
body{margin:0}
main{max-width:52rem;margin:0 auto;padding:1rem}
.eyebrow{margin:0;color:#44546a;font-size:.95rem}
h1{font-size:1.6rem;margin:.25rem 0 0;line-height:1.25}
.province{margin:0 0 1rem;color:#44546a}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #0b5cad;padding-bottom:.25rem}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem;margin:0}
.figures div{border:1px solid #c5ced8;border-radius:.5rem;padding:.75rem}
.figures dt{color:#44546a;font-size:.95rem}
.figures dd{margin:0;font-size:1.6rem;font-weight:700}
.pct{font-size:1rem;font-weight:400;color:#44546a}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:1rem}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #d9dee4;vertical-align:top}
thead th{background:#eef3f8}
.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#44546a;font-size:.9rem}
.weeks{padding-left:1.25rem}
footer{margin-top:2rem;color:#44546a;font-size:.9rem;border-top:1px solid #d9dee4}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}.figures div{border-color:#888}thead th{background:none}}
`;
