import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PAYMENT_OPTIONS, TeamSettingsView, type TeamLetterSettings } from '../../src/domain/campaign/letter';
import { RoadmapProposal } from '../../src/domain/campaign/roadmap';
import { DOCX_CONTENT_TYPE } from '../../src/domain/protocol/endpoints';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { pdfText } from './pdfText';
import { expectProblem } from './problems';

/*
 * The commune's roadmap letter and the team settings it reads (issue 15 §2), through HTTP on both backends. The
 * server's clock is the harness's: today is 2026-11-24 in Vietnam, so the letter is dated "ngày 24 tháng 11 năm 2026".
 */

const COMMUNE = 'Xã Tân Thành';
const UNPLANNED = 'Phường 5';
const HEADER = 'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DIA_CHI;XA_PHUONG;THON;QUAN_HUYEN;TINH;VI_DO;KINH_DO;SO_CTO';

let serial = 0;
function rows(commune: string, hamlet: string, count: number): string[] {
  return Array.from({ length: count }, () => {
    serial += 1;
    const n = String(serial).padStart(4, '0');
    return [
      `LT-${n}`,
      `PB1234000${n}`,
      `Khách hàng ${n}`,
      `Số ${n}, ${hamlet}`,
      commune,
      hamlet,
      'Thành phố Cà Mau',
      'Cà Mau',
      `9,17${n}`,
      `105,15${n}`,
      `SNLT${n}`,
    ].join(';');
  });
}

const SETTINGS: TeamLetterSettings = {
  parentBody: 'TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM',
  issuingBody: 'CÔNG TY ĐIỆN LỰC CÀ MAU',
  symbol: 'PCCM-KD',
  place: 'Cà Mau',
  contactName: 'Đội quản lý khách hàng',
  contactPhone: '0290 3123 456',
  signerName: 'Nguyễn Văn Bình',
  signerTitle: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
  paymentOptions: ['Thanh toán qua ngân hàng', 'Ví điện tử', 'Ứng dụng EVNSPC CSKH'],
};

/** The stored file `name` of a ZIP archive (what a .docx is), read with node:zlib only. */
function unzipEntry(zip: Uint8Array, name: string): string {
  const buf = Buffer.from(zip);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    if (buf.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${name} not in the archive`);
}

/** The text of a document.xml: the runs' text joined, paragraphs on their own lines. */
const docxText = (xml: string) =>
  xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Each table row of a document.xml as its cells' text. */
const docxRows = (xml: string): string[][] =>
  xml
    .split('<w:tr')
    .slice(1)
    .map((row) =>
      row
        .split('<w:tc>')
        .slice(1)
        .map((cell) => docxText(cell.slice(0, cell.indexOf('</w:tc>'))).trim()),
    );

const letterUrl = (format: 'pdf' | 'docx', commune: string) => `/api/v1/roadmaps/letter.${format}?commune=${encodeURIComponent(commune)}`;

describe.each(backends)('roadmap letter (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let teamId: string;
  let otherTeamId: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    teamId = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? '';
    otherTeamId = (await server.store.users.findByUsername('supervisor2'))?.teamId ?? '';
    const csv = [HEADER, ...rows(COMMUNE, 'Ấp 1', 4), ...rows(COMMUNE, 'Ấp Cây Dừa', 3), ...rows(UNPLANNED, 'Khóm 2', 2)].join('\r\n');
    const res = await supervisor1.request('POST', '/api/v1/work-orders/import', { body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status, res.text).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  async function confirmCommune(): Promise<RoadmapProposal> {
    const tech1 = await server.userId('tech1');
    const res = await supervisor1.post('/api/v1/roadmaps/proposals', {
      commune: COMMUNE,
      technicianIds: [tech1],
      capacityPerDay: 3,
      startDate: '2026-11-26',
    });
    expect(res.status, res.text).toBe(200);
    const proposal = RoadmapProposal.parse(res.json());
    const confirmed = await supervisor1.request('PUT', '/api/v1/roadmaps', { json: { commune: COMMUNE, capacityPerDay: 3, days: proposal.days } });
    expect(confirmed.status, confirmed.text).toBe(200);
    return proposal;
  }

  it('gives defaults from the team before anything is saved; admins save, supervisors read their own team only', async () => {
    const fresh = await supervisor1.get(`/api/v1/teams/${teamId}/settings`);
    expect(fresh.status, fresh.text).toBe(200);
    const before = TeamSettingsView.parse(fresh.json());
    expect(before).toMatchObject({ teamId, saved: false, updatedAt: null });
    expect(before.settings.paymentOptions).toEqual(DEFAULT_PAYMENT_OPTIONS);
    expect(before.settings.issuingBody).toMatch(/^CÔNG TY ĐIỆN LỰC /);
    expect(before.settings.contactName).toBe(before.teamName);

    expectProblem(await supervisor1.request('PUT', `/api/v1/teams/${teamId}/settings`, { json: SETTINGS }), 403, 'FORBIDDEN');
    expectProblem(await supervisor2.get(`/api/v1/teams/${teamId}/settings`), 404, 'NOT_FOUND');
    expectProblem(await (await server.login('tech1')).get(`/api/v1/teams/${teamId}/settings`), 403, 'FORBIDDEN');

    const saved = await admin.request('PUT', `/api/v1/teams/${teamId}/settings`, { json: SETTINGS });
    expect(saved.status, saved.text).toBe(200);
    expect(TeamSettingsView.parse(saved.json())).toMatchObject({ saved: true, settings: SETTINGS });
    const read = TeamSettingsView.parse((await supervisor1.get(`/api/v1/teams/${teamId}/settings`)).json());
    expect(read).toMatchObject({ saved: true, settings: SETTINGS, updatedAt: server.clock.now().toISOString() });
    // The other team keeps its defaults.
    expect(TeamSettingsView.parse((await supervisor2.get(`/api/v1/teams/${otherTeamId}/settings`)).json()).saved).toBe(false);

    const audit = await admin.get('/api/v1/audit-log?action=team.settings.update');
    expect(audit.status, audit.text).toBe(200);
    expect(audit.text).toContain('PCCM-KD');
  });

  it('refuses bad settings naming the fields, and an unknown team', async () => {
    const bad = {
      ...SETTINGS,
      issuingBody: '  ',
      symbol: 'PC CM',
      contactPhone: 'gọi tôi',
      signerTitle: [],
      paymentOptions: ['x'.repeat(201)],
      extra: 1,
    };
    const problem = expectProblem(await admin.request('PUT', `/api/v1/teams/${teamId}/settings`, { json: bad }), 400, 'VALIDATION_FAILED');
    const paths = (problem.errors ?? []).map((e) => e.path);
    for (const path of ['issuingBody', 'symbol', 'contactPhone', 'signerTitle', 'paymentOptions.0']) expect(paths).toContain(path);
    expectProblem(
      await admin.request('PUT', `/api/v1/teams/${teamId}/settings`, { json: { ...SETTINGS, place: 'Cà\u0000Mau' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await admin.request('PUT', '/api/v1/teams/00000000-0000-4000-8000-000000000000/settings', { json: SETTINGS }), 404, 'NOT_FOUND');
    // Nothing of the refused bodies was kept.
    expect(TeamSettingsView.parse((await admin.get(`/api/v1/teams/${teamId}/settings`)).json()).settings).toEqual(SETTINGS);
  });

  it('refuses a letter before the roadmap is confirmed, and another team’s or an unknown commune', async () => {
    for (const format of ['pdf', 'docx'] as const) {
      expectProblem(await supervisor1.get(letterUrl(format, COMMUNE)), 409, 'ROADMAP_NOT_PLANNED');
      expectProblem(await supervisor2.get(letterUrl(format, COMMUNE)), 404, 'NOT_FOUND');
      expectProblem(await supervisor1.get(letterUrl(format, 'Xã Không Có')), 404, 'NOT_FOUND');
      expectProblem(await (await server.login('tech1')).get(letterUrl(format, COMMUNE)), 403, 'FORBIDDEN');
    }
    expectProblem(await supervisor1.get('/api/v1/roadmaps/letter.pdf'), 400, 'VALIDATION_FAILED');
  });

  it('prints the confirmed roadmap as PDF and DOCX with the same words: letterhead, recipient, each hamlet, signer', async () => {
    const proposal = await confirmCommune();
    const hamlets = proposal.hamlets.map((h) => h.name);
    expect([...hamlets].sort()).toEqual(['Ấp 1', 'Ấp Cây Dừa']);

    const pdf = await supervisor1.get(letterUrl('pdf', COMMUNE));
    expect(pdf.status, pdf.text).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('cong-van-lo-trinh-xa-tan-thanh.pdf');
    expect(Buffer.from(pdf.bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 pages, one or two for a two-hamlet commune (the letter's fixed text alone is most of a page).
    const boxes =
      Buffer.from(pdf.bytes)
        .toString('latin1')
        .match(/\/MediaBox \[[^\]]*\]/g) ?? [];
    expect(boxes.length).toBeGreaterThanOrEqual(1);
    expect(boxes.length).toBeLessThanOrEqual(2);
    for (const box of boxes) expect(box).toBe('/MediaBox [0 0 595.28 841.89]');
    // Set in Times New Roman's metrics (Nghị định 30), the font embedded as a subset.
    expect(Buffer.from(pdf.bytes).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationSerif(-Bold)?\b/);
    const text = pdfText(Buffer.from(pdf.bytes));

    const docx = await supervisor1.get(letterUrl('docx', COMMUNE));
    expect(docx.status, docx.text).toBe(200);
    expect(docx.headers.get('content-type')).toBe(DOCX_CONTENT_TYPE);
    expect(docx.headers.get('content-disposition')).toContain('attachment; filename="cong-van-lo-trinh-xa-tan-thanh.docx"');
    const xml = unzipEntry(docx.bytes, 'word/document.xml');
    expect(xml).toContain('w:tbl');
    expect(xml).toContain('Times New Roman');
    const word = docxText(xml);

    for (const [format, body] of [
      ['pdf', text.replace(/\s+/g, ' ')],
      ['docx', word.replace(/\s+/g, ' ')],
    ] as const) {
      const expected = [
        'TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM',
        'CÔNG TY ĐIỆN LỰC CÀ MAU',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        '/PCCM-KD',
        'Cà Mau, ngày 24 tháng 11 năm 2026',
        'Kính gửi: Ủy ban nhân dân xã Tân Thành',
        'Ấp 1',
        'Ấp Cây Dừa',
        'Nơi nhận:',
        '- UBND thành phố Cà Mau (để b/c);',
        'KT. GIÁM ĐỐC',
        'Nguyễn Văn Bình',
        '0290 3123 456',
        'Ví điện tử',
      ];
      for (const words of expected) expect(body, `${format}: ${words}`).toContain(words);
    }
    // Each hamlet's row: the dates it is visited and its number of meters, as confirmed.
    const dmy = (iso: string) => iso.split('-').reverse().join('/');
    const table = docxRows(xml).filter((cells) => cells.length === 5);
    expect(table).toEqual([
      ['STT', 'Thôn, ấp, khu phố', 'Từ ngày', 'Đến ngày', 'Số công tơ'],
      ...proposal.hamlets.map((h, i) => [String(i + 1), h.name, dmy(h.firstDate), dmy(h.lastDate), String(h.count)]),
      ['', 'Tổng cộng', '', '', '7'],
    ]);
    // The PDF's table holds the same rows, in the same order.
    const flat = text.replace(/\s+/g, ' ');
    const at = proposal.hamlets.map((h, i) => flat.indexOf(`${i + 1} ${h.name} ${dmy(h.firstDate)} ${dmy(h.lastDate)} ${h.count}`));
    expect(at.every((index) => index > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('lets an admin print any team’s letter; a team with nothing saved prints with its defaults', async () => {
    const res = await admin.get(letterUrl('docx', COMMUNE));
    expect(res.status, res.text).toBe(200);
    expect(docxText(unzipEntry(res.bytes, 'word/document.xml'))).toContain('Kính gửi: Ủy ban nhân dân xã Tân Thành');

    const commune = 'Phường 2';
    const csv = [HEADER, ...rows(commune, 'Khóm 1', 2)].join('\r\n');
    const imported = await supervisor2.request('POST', '/api/v1/work-orders/import', { body: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status, imported.text).toBe(200);
    const technicians = (await supervisor2.get('/api/v1/technicians')).json() as { items: { id: string }[] };
    const technicianId = technicians.items[0]?.id ?? '';
    const proposed = await supervisor2.post('/api/v1/roadmaps/proposals', { commune, technicianIds: [technicianId], startDate: '2026-11-26' });
    expect(proposed.status, proposed.text).toBe(200);
    const days = RoadmapProposal.parse(proposed.json()).days;
    expect((await supervisor2.request('PUT', '/api/v1/roadmaps', { json: { commune, capacityPerDay: 15, days } })).status).toBe(200);
    const defaults = TeamSettingsView.parse((await supervisor2.get(`/api/v1/teams/${otherTeamId}/settings`)).json()).settings;
    const letter = await supervisor2.get(letterUrl('docx', commune));
    expect(letter.status, letter.text).toBe(200);
    const word = docxText(unzipEntry(letter.bytes, 'word/document.xml')).replace(/\s+/g, ' ');
    for (const words of [defaults.issuingBody, `/${defaults.symbol}`, 'Kính gửi: Ủy ban nhân dân phường 2', 'Khóm 1', ...DEFAULT_PAYMENT_OPTIONS]) {
      expect(word).toContain(words);
    }
    expect(word).not.toContain('PCCM-KD');
  });
});
