import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speakerName } from '../../src/domain/campaign/announcement';
import { communeSlug, PublicCommune, PUBLIC_MIN_HAMLET } from '../../src/domain/campaign/publicPage';
import { RoadmapProposal } from '../../src/domain/campaign/roadmap';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { completeOne } from './reviewFixtures';
import { Device } from './syncFixtures';

/*
 * The loudspeaker announcement and the public progress page (issue 15 §2) through HTTP. The harness's clock stands
 * still at Tuesday 2026-11-24 in Vietnam, so a plan starting Wednesday 2026-11-25 is in ISO week 2026-W48.
 */

const COMMUNE = 'Xã Hậu Lộc';
const PROVINCE = 'Thanh Hóa';
const SLUG = 'xa-hau-loc-thanh-hoa';
const HOSTILE_HAMLET = '<script>alert(1)</script>';
/** A commune whose name is markup, imported like any other. */
const HOSTILE_COMMUNE = 'Xã <b>Lạ</b>';

let serial = 0;
function row(commune: string, thon: string): string {
  serial += 1;
  const n = String(serial).padStart(4, '0');
  // Customer names, addresses, phones, codes and serials a page must never show.
  return [
    `PUB-${n}`,
    `PB0709${n}5`,
    `Nguyễn Văn Riêng${n}`,
    `"Số ${n} ngõ Kín, ${commune}"`,
    `09${n}1234`,
    commune,
    `"${thon}"`,
    PROVINCE,
    `19.9${n}`,
    `105.9${n}`,
    `SNPUB${n}`,
  ].join(',');
}
const HEADER = 'code,customer_code,customer_name,address,phone,commune,hamlet,province,lat,lng,old_meter_serial';

describe.each(backends)('announcement and public page (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let technician: HttpClient;
  let teamId: string;

  const announcement = (client: HttpClient, query: string) => client.get(`/api/v1/roadmaps/announcement.txt?${query}`);

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200 });
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    technician = await server.login('tech1');
    teamId = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? '';
    const csv = [
      HEADER,
      ...Array.from({ length: 6 }, () => row(COMMUNE, 'Thôn 1')),
      ...Array.from({ length: 5 }, () => row(COMMUNE, 'Thôn 2')),
      ...Array.from({ length: 2 }, () => row(COMMUNE, 'Thôn Nhỏ')),
      ...Array.from({ length: 5 }, () => row(COMMUNE, HOSTILE_HAMLET)),
      row(HOSTILE_COMMUNE, 'Thôn 1'),
    ].join('\n');
    const res = await supervisor1.request('POST', '/api/v1/work-orders/import', { body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status, res.text).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses the announcement of a commune with no planned day (409), another team’s (404) and a technician (403)', async () => {
    expectProblem(await announcement(supervisor1, `commune=${encodeURIComponent(COMMUNE)}`), 409, 'ROADMAP_NOT_PLANNED');
    expectProblem(await announcement(supervisor2, `commune=${encodeURIComponent(COMMUNE)}`), 404, 'NOT_FOUND');
    expectProblem(await announcement(technician, `commune=${encodeURIComponent(COMMUNE)}`), 403, 'FORBIDDEN');
    expectProblem(await announcement(supervisor1, `commune=${encodeURIComponent(COMMUNE)}&week=2026-48`), 400, 'VALIDATION_FAILED');
  });

  it('reads the confirmed plan aloud, week by week, as plain text', async () => {
    const tech1 = await server.userId('tech1');
    const proposed = await supervisor1.post('/api/v1/roadmaps/proposals', {
      commune: COMMUNE,
      technicianIds: [tech1],
      capacityPerDay: 6,
      startDate: '2026-11-25',
    });
    expect(proposed.status, proposed.text).toBe(200);
    const proposal = RoadmapProposal.parse(proposed.json());
    const confirmed = await supervisor1.request('PUT', '/api/v1/roadmaps', { json: { commune: COMMUNE, capacityPerDay: 6, days: proposal.days } });
    expect(confirmed.status, confirmed.text).toBe(200);

    const all = await announcement(supervisor1, `commune=${encodeURIComponent(COMMUNE)}&phone=${encodeURIComponent('0912 345 678')}`);
    expect(all.status, all.text).toBe(200);
    expect(all.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const dates = proposal.days.map((d) => d.date).sort();
    expect(dates[0]).toBe('2026-11-25');
    expect(all.text).toContain(`=== Tuần 2026-W48 (2026-11-25 – ${dates.at(-1) ?? ''}) ===`);
    expect(all.text).toContain('Kính thưa bà con xã Hậu Lộc.');
    // Every hamlet of the plan, its numbers in words, with its days in words.
    expect(all.text).toMatch(/^Thôn một: .*thứ .+ tháng mười một\.$/m);
    expect(all.text).toMatch(/^Thôn hai: .*thứ .+ tháng mười một\.$/m);
    expect(all.text).not.toMatch(/^Thôn 1/m);
    expect(all.text).toContain('không chín một hai, ba bốn năm, sáu bảy tám');
    const team = await server.store.teams.findById(teamId);
    expect(all.text).toContain(`${speakerName(team?.name ?? '?')} xin thông báo.`);

    const one = await announcement(supervisor1, `commune=${encodeURIComponent(COMMUNE)}&week=2026-W48`);
    expect(one.status, one.text).toBe(200);
    expect(one.text).not.toContain('===');
    expect(one.text).toContain('Xin cảm ơn bà con.');
    // No number asked for and none saved: no number read out (never the letter's placeholder).
    expect(one.text).not.toContain('xin gọi số');
    // Once an admin saves the team's letter settings, their contact number is the one read out.
    const admin = await server.login('admin');
    const stored = await admin.get(`/api/v1/teams/${teamId}/settings`);
    expect(stored.status, stored.text).toBe(200);
    const { settings } = stored.json() as { settings: Record<string, unknown> };
    const saved = await admin.request('PUT', `/api/v1/teams/${teamId}/settings`, {
      json: { ...settings, signerName: 'Lê Văn An', contactPhone: '0237 3123 456' },
    });
    expect(saved.status, saved.text).toBe(200);
    const withContact = await announcement(supervisor1, `commune=${encodeURIComponent(COMMUNE)}&week=2026-W48`);
    expect(withContact.text).toContain('Xin nhắc lại: không hai ba bảy, ba một hai, ba bốn năm sáu.');
    expectProblem(await announcement(supervisor1, `commune=${encodeURIComponent(COMMUNE)}&week=2027-W01`), 404, 'NOT_FOUND');
    // Still another team's commune after the plan exists.
    expectProblem(await announcement(supervisor2, `commune=${encodeURIComponent(COMMUNE)}`), 404, 'NOT_FOUND');
  });

  it('shows the public page signed out: counts by hamlet, small hamlets merged, cashless enrolments', async () => {
    // One swap done, with a cashless enrolment, before the page is first computed (it is cached a minute).
    const orders = await server.store.workOrders.list({ teamId, commune: COMMUNE }, undefined, 100);
    const first = orders.find((o) => o.hamlet === 'Thôn 1');
    if (first === undefined) throw new Error('no order in Thôn 1');
    await completeOne(
      server,
      new Device(technician),
      { ...first, createdAt: TEST_NOW.toISOString(), updatedAt: TEST_NOW.toISOString() },
      supervisor1,
    );

    expect(communeSlug(COMMUNE, PROVINCE)).toBe(SLUG);
    const signedOut = server.client();
    const json = await signedOut.get(`/api/v1/public/communes/${SLUG}`);
    expect(json.status, json.text).toBe(200);
    const page = PublicCommune.parse(json.json());
    expect(page).toMatchObject({ slug: SLUG, commune: COMMUNE, province: PROVINCE, total: 18, done: 1, cashlessEnrolled: 1 });
    const byName = (a: string, b: string) => a.localeCompare(b);
    expect(page.hamlets.map((h) => [h.name, h.total, h.done]).sort(([a], [b]) => byName(String(a), String(b)))).toEqual(
      [
        ['Thôn 1', 6, 1],
        ['Thôn 2', 5, 0],
        [HOSTILE_HAMLET, 5, 0],
        ['khác', 2, 0],
      ].sort(([a], [b]) => byName(String(a), String(b))),
    );
    // In visiting order (first planned week, then name), "khác" last.
    expect(page.hamlets.at(-1)?.name).toBe('khác');
    expect(page.hamlets.every((h) => h.name === 'khác' || h.total >= PUBLIC_MIN_HAMLET)).toBe(true);
    expect(page.hamlets.find((h) => h.name === 'Thôn 2')?.firstWeek).toBe('2026-W48');
    expect(page.weeks.reduce((sum, w) => sum + w.planned, 0)).toBe(17);

    const html = await signedOut.get(`/cong-khai/${SLUG}`);
    expect(html.status, html.text).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('<h1>Xã Hậu Lộc</h1>');
    expect(html.text).toContain('Thanh Hóa');
    expect(html.text).toMatch(/<th scope="row">Thôn 1<\/th>\s*<td class="num">6<\/td>\s*<td class="num">1<\/td>/);
    expect(html.text).toMatch(/<th scope="row">Khác<\/th>\s*<td class="num">2<\/td>/);
    expect(html.text).not.toContain('Thôn Nhỏ');
    expect(json.text).not.toContain('Thôn Nhỏ');
    expect(html.text).toMatch(/Hộ đăng ký trả tiền điện không dùng tiền mặt<\/dt><dd>1<\/dd>/);
    expect(html.text).toContain('Tuần 48/2026');
    expect(html.text).toContain('Số liệu lúc 10:00 ngày 24/11/2026');

    // No personal data of any order of the commune, in the HTML or the JSON.
    for (const order of orders) {
      for (const secret of [order.customerName, order.address, order.phone ?? '', order.code, order.customerCode, order.oldMeterSerial]) {
        if (secret === '') continue;
        expect(html.text).not.toContain(secret);
        expect(json.text).not.toContain(secret);
      }
    }
    expect(orders.length).toBe(18);
  });

  it('escapes names: a hamlet or commune named with markup shows as text', async () => {
    const html = await server.client().get(`/cong-khai/${SLUG}`);
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.text).not.toContain('<script');
    const hostile = await server.client().get(`/cong-khai/${communeSlug(HOSTILE_COMMUNE, PROVINCE)}`);
    expect(hostile.status, hostile.text).toBe(200);
    expect(hostile.text).toContain('<h1>Xã &lt;b&gt;Lạ&lt;/b&gt;</h1>');
    expect(hostile.text).not.toContain('<b>');
  });

  it('sends cache headers and an ETag, answers 304 to it, and keeps the CSP', async () => {
    const client = server.client();
    for (const path of [`/cong-khai/${SLUG}`, `/api/v1/public/communes/${SLUG}`]) {
      const res = await client.get(path);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      const etag = res.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      // A browser revalidating; fetch would otherwise add `Cache-Control: no-cache`, which asks for the full answer.
      const again = await client.get(path, { headers: { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' } });
      expect(again.status, path).toBe(304);
    }
    const res = await client.get(`/cong-khai/${SLUG}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).toContain('<link rel="stylesheet" href="/cong-khai/trang.css">');
    expect(res.text).not.toMatch(/<style|style="/);
    const css = await client.get('/cong-khai/trang.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('@media print');
  });

  it('serves a computed page from memory for a minute, then reads the figures again', async () => {
    const client = server.client();
    const before = PublicCommune.parse((await client.get(`/api/v1/public/communes/${SLUG}`)).json());
    const csv = [HEADER, ...Array.from({ length: 5 }, () => row(COMMUNE, 'Thôn 9'))].join('\n');
    const imported = await supervisor1.request('POST', '/api/v1/work-orders/import', { body: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status, imported.text).toBe(200);
    const cached = PublicCommune.parse((await client.get(`/api/v1/public/communes/${SLUG}`)).json());
    expect(cached.total).toBe(before.total);
    server.clock.advance(61_000);
    const fresh = PublicCommune.parse((await client.get(`/api/v1/public/communes/${SLUG}`)).json());
    expect(fresh.total).toBe(before.total + 5);
    expect(fresh.asOf).not.toBe(before.asOf);
  });

  it('answers an unknown slug with a 404 page in Vietnamese, and the JSON twin with NOT_FOUND', async () => {
    const client = server.client();
    for (const path of ['/cong-khai/xa-khong-co-thanh-hoa', '/cong-khai/XA-HAU-LOC', '/cong-khai/', '/cong-khai/a/b']) {
      const res = await client.get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('Không tìm thấy trang');
    }
    expectProblem(await client.get('/api/v1/public/communes/xa-khong-co-thanh-hoa'), 404, 'NOT_FOUND');
  });
});
