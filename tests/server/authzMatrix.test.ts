import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communeSlug } from '../../src/domain/campaign/publicPage';
import { TeamList } from '../../src/domain/users/users';
import type { NewWorkOrder } from '../../server/store/records';
import { PushResponse } from '../../src/domain/protocol/mutations';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import { HttpClient, type RequestOptions, type TestResponse } from './httpClient';
import { completeOne } from './reviewFixtures';
import { listAppRoutes } from './routes';
import { Device, FreshWorkOrders, jpeg, photoBatchBody, photoPath, visitFor } from './syncFixtures';
import { PHOTO_BATCH_CONTENT_TYPE } from '../../src/domain/capture/photos';

/**
 * The authorization matrix (issue 6): every API route of the app, read from the router, × every role × a resource of
 * team Thanh Hóa (tech1's, supervisor1's: "own") or of team Cà Mau (tech4's, supervisor2's: "foreign"), with the
 * status each cell must answer. A route added without a row here fails the first test.
 *
 * Roles: anonymous; tech1 (assigned the own resources); tech2 (same team, never assigned them); tech4 (other team,
 * assigned the foreign ones); supervisor1 (own team); supervisor2 (other team); admin; a deactivated technician
 * whose session cookie is still in the browser.
 *
 * Requests that would change data when allowed carry a body that is valid for the route, so a 2xx proves the cell
 * really is allowed; refused cells must leave no trace (checked by the fuzz suite). Photos follow the work orders
 * that reference them.
 */

const ROLE_NAMES = ['anonymous', 'tech1', 'tech2', 'tech4', 'supervisor1', 'supervisor2', 'admin', 'deactivated'] as const;
type RoleName = (typeof ROLE_NAMES)[number];
type Scope = 'own' | 'foreign';

/** Expected status per role: one number for routes without a resource, or [own, foreign]. */
type Cells = Record<RoleName, number | readonly [number, number]>;

interface Fixture {
  server: TestServer;
  teamOwn: string;
  teamForeign: string;
  /** A work order assigned to tech1 (own) / tech4 (foreign), each completed with photos. */
  workOrder: Record<Scope, string>;
  order: Record<Scope, NewWorkOrder>;
  completion: Record<Scope, string>;
  photo: Record<Scope, string>;
  /** A fresh open COMPLETION review item of the scope's team (one per call: resolving uses it up). */
  freshReview(scope: Scope): Promise<string>;
  /** A fresh open record (work order and its one open COMPLETION item) of the scope's team. */
  freshRecord(scope: Scope): Promise<{ workOrderId: string; reviewId: string }>;
  /** A fresh unassigned work order of the scope's team. */
  freshOrder(scope: Scope): string;
  /** The same, whole (its commune). */
  freshWorkOrder(scope: Scope): NewWorkOrder;
  userId(username: string): Promise<string>;
}

interface Call {
  method: string;
  path: string;
  options?: RequestOptions;
  /** The call ends the session it uses (logout): give it a session of its own. */
  freshSession?: boolean;
}

interface Row {
  /** `METHOD /api/v1/path` exactly as the router lists it. */
  route: string;
  call(f: Fixture, scope: Scope | null): Call | Promise<Call>;
  expect: Cells;
  /** A route still being added by another change: its row may precede it (remove the flag once it has landed). */
  landing?: boolean;
  /** A check of the answer beyond its status; returns what is wrong, if anything. */
  verify?: (role: RoleName, scope: Scope | null, res: TestResponse) => string | undefined;
}

const A = '/api/v1';
const json = (value: unknown): RequestOptions => ({ json: value });
const all = (status: number, anonymous = 401, deactivated = 401): Cells => ({
  anonymous,
  tech1: status,
  tech2: status,
  tech4: status,
  supervisor1: status,
  supervisor2: status,
  admin: status,
  deactivated,
});
const managers = (status: number): Cells => ({ ...all(403), supervisor1: status, supervisor2: status, admin: status });

let stockCount = 0;
/** A new meter in the scope's warehouse, or (technicianId) already issued to that technician: its serial. */
async function freshStock(f: Fixture, scope: Scope, technicianId: string | null): Promise<string> {
  stockCount += 1;
  const teamId = scope === 'foreign' ? f.teamForeign : f.teamOwn;
  const id = randomUUID();
  const code = `AZM${String(stockCount).padStart(6, '0')}`;
  const at = TEST_NOW.toISOString();
  const actor = await f.userId('admin');
  const move = (seq: number, kind: string, from: string | null, to: string) => ({
    item_id: id,
    seq,
    team_id: teamId,
    kind,
    from_holder: from,
    to_holder: to,
    batch_id: randomUUID(),
    actor_id: actor,
    at,
    pliers_number: null,
    mutation_id: null,
  });
  const warehouse = `warehouse:${teamId}`;
  const movements = [move(1, 'delivery', null, warehouse)];
  if (technicianId !== null) movements.push(move(2, 'issue', warehouse, `technician:${technicianId}`));
  const fields = {
    model: 'DDS26D',
    phases: 1,
    manufacture_year: 2026,
    verified_on: '2026-10-01',
    verification_no: null,
    remote_read: null,
    seal_kind: null,
    lot: null,
  };
  await f.server.store.transaction((tx) => tx.stock.insertItems([{ id, team_id: teamId, kind: 'meter', code, ...fields }], movements, at));
  return code;
}

const ROWS: Row[] = [
  { route: `GET ${A}/health`, call: () => ({ method: 'GET', path: `${A}/health` }), expect: all(200, 200, 200) },
  // The API description is public: it describes the API and holds no data.
  { route: `GET ${A}/openapi.json`, call: () => ({ method: 'GET', path: `${A}/openapi.json` }), expect: all(200, 200, 200) },
  {
    // Signing in works with or without a session cookie (anyone's); the new cookie replaces it.
    route: `POST ${A}/auth/login`,
    call: () => ({ method: 'POST', path: `${A}/auth/login`, options: json({ username: 'tech2', password: 'demo1234' }) }),
    expect: all(200, 200, 200),
  },
  { route: `POST ${A}/auth/logout`, call: () => ({ method: 'POST', path: `${A}/auth/logout`, freshSession: true }), expect: all(204) },
  { route: `GET ${A}/auth/me`, call: () => ({ method: 'GET', path: `${A}/auth/me` }), expect: all(200) },
  { route: `GET ${A}/map/config`, call: () => ({ method: 'GET', path: `${A}/map/config` }), expect: all(200) },
  { route: `GET ${A}/sync/pull`, call: () => ({ method: 'GET', path: `${A}/sync/pull?clientId=${randomUUID()}` }), expect: all(200) },
  {
    // A failed visit on the scope's work order: the transport accepts it (200), the mutation is refused unless the
    // caller is the assignee (results[0].status 'rejected'): a technician never changes another's work order.
    route: `POST ${A}/sync/push`,
    call: (f, scope) => ({
      method: 'POST',
      path: `${A}/sync/push`,
      options: json({
        protocolVersion: 1,
        clientId: randomUUID(),
        mutations: [
          { seq: 1, mutationId: randomUUID(), name: 'visit.fail', args: visitFor(f.order[scope ?? 'own'], []), createdAt: TEST_NOW.toISOString() },
        ],
      }),
    }),
    expect: {
      ...all(200),
      tech1: [200, 200],
      tech2: [200, 200],
      tech4: [200, 200],
      supervisor1: [200, 200],
      supervisor2: [200, 200],
      admin: [200, 200],
    },
    verify: (role, scope, res) => {
      const assignee = (role === 'tech1' && scope === 'own') || (role === 'tech4' && scope === 'foreign');
      if (res.status !== 200) return undefined;
      const status = PushResponse.parse(res.json()).results[0]?.status;
      const refused = status === 'rejected';
      return assignee === !refused ? undefined : `mutation ${status ?? 'missing'}`;
    },
  },
  {
    route: `PUT ${A}/photos/:photoId`,
    call: () => {
      const photo = jpeg(512);
      return { method: 'PUT', path: photoPath(photo.id), options: { body: photo.bytes, headers: { 'content-type': 'image/jpeg' } } };
    },
    expect: { ...all(403), tech1: 201, tech2: 201, tech4: 201 },
  },
  {
    route: `POST ${A}/photos`,
    call: () => {
      const photo = jpeg(512);
      return {
        method: 'POST',
        path: `${A}/photos`,
        options: { body: photoBatchBody([photo]), headers: { 'content-type': PHOTO_BATCH_CONTENT_TYPE } },
      };
    },
    expect: { ...all(403), tech1: 200, tech2: 200, tech4: 200 },
  },
  {
    route: `GET ${A}/photos/:photoId`,
    call: (f, scope) => ({ method: 'GET', path: photoPath(f.photo[scope ?? 'own']) }),
    expect: {
      anonymous: [401, 401],
      tech1: [200, 404],
      tech2: [404, 404],
      tech4: [404, 200],
      supervisor1: [200, 404],
      supervisor2: [404, 200],
      admin: [200, 200],
      deactivated: [401, 401],
    },
  },
  {
    route: `HEAD ${A}/photos/:photoId`,
    call: (f, scope) => ({ method: 'HEAD', path: photoPath(f.photo[scope ?? 'own']) }),
    expect: {
      anonymous: [401, 401],
      tech1: [200, 404],
      tech2: [404, 404],
      tech4: [404, 200],
      supervisor1: [200, 404],
      supervisor2: [404, 200],
      admin: [200, 200],
      deactivated: [401, 401],
    },
  },
  {
    route: `GET ${A}/work-orders/:id`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/work-orders/${f.workOrder[scope ?? 'own']}` }),
    expect: {
      anonymous: [401, 401],
      tech1: [200, 404],
      tech2: [404, 404],
      tech4: [404, 200],
      supervisor1: [200, 404],
      supervisor2: [404, 200],
      admin: [200, 200],
      deactivated: [401, 401],
    },
  },
  { route: `GET ${A}/work-orders`, call: () => ({ method: 'GET', path: `${A}/work-orders` }), expect: managers(200) },
  { route: `GET ${A}/work-orders/map`, call: () => ({ method: 'GET', path: `${A}/work-orders/map` }), expect: managers(200) },
  {
    // A dry run of a one-line file into the scope's team: a supervisor imports into their own team only.
    route: `POST ${A}/work-orders/import`,
    call: (f, scope) => ({
      method: 'POST',
      path: `${A}/work-orders/import?dryRun=1&teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}`,
      options: { body: IMPORT_CSV, headers: { 'content-type': 'text/csv' } },
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  { route: `GET ${A}/users`, call: () => ({ method: 'GET', path: `${A}/users` }), expect: { ...all(403), admin: 200 } },
  {
    route: `POST ${A}/users`,
    call: (f) => ({
      method: 'POST',
      path: `${A}/users`,
      options: json({
        username: `matrix_${randomUUID().slice(0, 8)}`,
        displayName: 'Nguyễn Văn Thử',
        role: 'technician',
        teamId: f.teamOwn,
        password: 'mat-khau-dai-123',
      }),
    }),
    expect: { ...all(403), admin: 201 },
  },
  {
    route: `PATCH ${A}/users/:id`,
    call: async (f, scope) => ({
      method: 'PATCH',
      path: `${A}/users/${await f.userId(scope === 'foreign' ? 'tech5' : 'tech2')}`,
      options: json({ displayName: 'Kỹ thuật viên' }),
    }),
    expect: { ...all(403), admin: [200, 200] },
  },
  {
    // Signing a user out everywhere (lost phone): users whose sessions the matrix does not use.
    route: `DELETE ${A}/users/:id/sessions`,
    call: async (f, scope) => ({ method: 'DELETE', path: `${A}/users/${await f.userId(scope === 'foreign' ? 'tech6' : 'tech3')}/sessions` }),
    expect: { ...all(403), admin: [204, 204] },
  },
  { route: `GET ${A}/teams`, call: () => ({ method: 'GET', path: `${A}/teams` }), expect: managers(200) },
  // Every team's records and every account's changes: admins only, supervisors included in the refusal.
  { route: `GET ${A}/audit-log`, call: () => ({ method: 'GET', path: `${A}/audit-log?limit=200` }), expect: { ...all(403), admin: 200 } },
  {
    // Assigning a fresh order of the scope's team to a technician of that team.
    route: `POST ${A}/assignments`,
    call: async (f, scope) => ({
      method: 'POST',
      path: `${A}/assignments`,
      options: json({ workOrderIds: [f.freshOrder(scope ?? 'own')], technicianId: await f.userId(scope === 'foreign' ? 'tech5' : 'tech2') }),
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  { route: `GET ${A}/technicians`, call: () => ({ method: 'GET', path: `${A}/technicians` }), expect: managers(200) },
  // A commune's roadmap: its team's supervisor and admins; another team's commune answers as an unknown one.
  { route: `GET ${A}/roadmaps/communes`, call: () => ({ method: 'GET', path: `${A}/roadmaps/communes` }), expect: managers(200) },
  {
    route: `GET ${A}/roadmaps`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/roadmaps?commune=${encodeURIComponent(f.order[scope ?? 'own'].commune)}` }),
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 200], admin: [200, 200] },
  },
  {
    route: `POST ${A}/roadmaps/proposals`,
    call: async (f, scope) => ({
      method: 'POST',
      path: `${A}/roadmaps/proposals`,
      options: json({
        commune: f.order[scope ?? 'own'].commune,
        technicianIds: [await f.userId(scope === 'foreign' ? 'tech5' : 'tech2')],
        startDate: '2026-11-25',
      }),
    }),
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 200], admin: [200, 200] },
  },
  {
    // Confirming a one-day plan of a fresh order of the scope's team.
    route: `PUT ${A}/roadmaps`,
    call: async (f, scope) => {
      const wo = f.freshWorkOrder(scope ?? 'own');
      const technicianId = await f.userId(scope === 'foreign' ? 'tech5' : 'tech2');
      return {
        method: 'PUT',
        path: `${A}/roadmaps`,
        options: json({ commune: wo.commune, capacityPerDay: 15, days: [{ date: '2026-11-25', technicianId, hamlets: [], orderIds: [wo.id] }] }),
      };
    },
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 200], admin: [200, 200] },
  },
  // The commune's letter: a commune of the scope's team with a confirmed plan (confirmed once per scope, by an admin).
  {
    route: `GET ${A}/roadmaps/letter.pdf`,
    call: async (f, scope) => ({
      method: 'GET',
      path: `${A}/roadmaps/letter.pdf?commune=${encodeURIComponent(await confirmedCommune(f, scope ?? 'own'))}`,
    }),
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 200], admin: [200, 200] },
  },
  {
    route: `GET ${A}/roadmaps/letter.docx`,
    call: async (f, scope) => ({
      method: 'GET',
      path: `${A}/roadmaps/letter.docx?commune=${encodeURIComponent(await confirmedCommune(f, scope ?? 'own'))}`,
    }),
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 200], admin: [200, 200] },
  },
  // Team settings for the letter: its supervisors read them, admins read and write any team's.
  {
    route: `GET ${A}/teams/:id/settings`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/teams/${scope === 'foreign' ? f.teamForeign : f.teamOwn}/settings` }),
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 200], admin: [200, 200] },
  },
  {
    route: `PUT ${A}/teams/:id/settings`,
    call: (f, scope) => ({
      method: 'PUT',
      path: `${A}/teams/${scope === 'foreign' ? f.teamForeign : f.teamOwn}/settings`,
      options: json({
        parentBody: 'TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC',
        issuingBody: 'CÔNG TY ĐIỆN LỰC THANH HÓA',
        symbol: 'PCTH-KD',
        place: 'Thanh Hóa',
        contactName: 'Đội quản lý khách hàng',
        contactPhone: '0237 3123 456',
        signerName: 'Lê Văn An',
        signerTitle: ['GIÁM ĐỐC'],
        paymentOptions: ['Ví điện tử'],
      }),
    }),
    expect: { ...all(403), admin: [200, 200] },
  },
  {
    // The loudspeaker announcement: the same scoping as the roadmap. The foreign commune has no planned day yet, so
    // the callers allowed to see it get 409 ROADMAP_NOT_PLANNED (past the scoping), the others 404.
    route: `GET ${A}/roadmaps/announcement.txt`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/roadmaps/announcement.txt?commune=${encodeURIComponent(f.order[scope ?? 'own'].commune)}` }),
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 409], admin: [200, 409] },
  },
  {
    // The public progress page's JSON: anyone, signed in or not, even with a dead session.
    route: `GET ${A}/public/communes/:slug`,
    call: (f, scope) => {
      const wo = f.order[scope ?? 'own'];
      return { method: 'GET', path: `${A}/public/communes/${communeSlug(wo.commune, wo.province)}` };
    },
    expect: all(200, 200, 200),
  },
  { route: `GET ${A}/reports/progress`, call: () => ({ method: 'GET', path: `${A}/reports/progress` }), expect: managers(200) },
  { route: `GET ${A}/reports/sync-backlog`, call: () => ({ method: 'GET', path: `${A}/reports/sync-backlog` }), expect: managers(200) },
  {
    // A dry run of the billing file into the scope's team (issue 15 §4): like the work-order import.
    route: `POST ${A}/payment-methods/import`,
    call: (f, scope) => ({
      method: 'POST',
      path: `${A}/payment-methods/import?dryRun=1&teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}`,
      options: { body: 'MA_KHANG,KY_HD,HINH_THUC_TT\r\nPA07010000001,2026-11,TM\r\n', headers: { 'content-type': 'text/csv' } },
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    // A dry run of a delivery into the scope's team (issue 16 §1): like the work-order import.
    route: `POST ${A}/stock/import`,
    call: (f, scope) => ({
      method: 'POST',
      path: `${A}/stock/import?dryRun=1&teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}`,
      options: {
        body: 'serial,model,phases,manufacture_year,verified_on\r\nAZ000001,DDS26D,1,2026,2026-10-01\r\n',
        headers: { 'content-type': 'text/csv' },
      },
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    // Issuing a meter of the scope's warehouse to a technician of that team.
    route: `POST ${A}/stock/issue`,
    call: async (f, scope) => {
      const technicianId = await f.userId(scope === 'foreign' ? 'tech5' : 'tech2');
      return { method: 'POST', path: `${A}/stock/issue`, options: json({ technicianId, meters: [await freshStock(f, scope ?? 'own', null)] }) };
    },
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    // Returning a meter the scope's technician holds.
    route: `POST ${A}/stock/return`,
    call: async (f, scope) => {
      const technicianId = await f.userId(scope === 'foreign' ? 'tech5' : 'tech2');
      return {
        method: 'POST',
        path: `${A}/stock/return`,
        options: json({ technicianId, meters: [await freshStock(f, scope ?? 'own', technicianId)] }),
      };
    },
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  // Everyone signed in lists stock: a technician their own, a supervisor their team's.
  { route: `GET ${A}/stock/items`, call: () => ({ method: 'GET', path: `${A}/stock/items` }), expect: all(200) },
  {
    route: `GET ${A}/stock/summary`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/stock/summary?teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}` }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    route: `GET ${A}/stock/reconciliation`,
    call: (f, scope) => ({
      method: 'GET',
      path: `${A}/stock/reconciliation?date=2026-11-24&teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}`,
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    route: `GET ${A}/stock/reconciliation.csv`,
    call: (f, scope) => ({
      method: 'GET',
      path: `${A}/stock/reconciliation.csv?date=2026-11-24&teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}`,
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  { route: `GET ${A}/reports/cashless`, call: () => ({ method: 'GET', path: `${A}/reports/cashless` }), expect: managers(200) },
  { route: `GET ${A}/reviews`, call: () => ({ method: 'GET', path: `${A}/reviews` }), expect: managers(200) },
  {
    route: `POST ${A}/reviews/:id/resolve`,
    call: async (f, scope) => ({
      method: 'POST',
      path: `${A}/reviews/${await f.freshReview(scope ?? 'own')}/resolve`,
      options: json({ decision: 'approve' }),
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  { route: `GET ${A}/reviews/records`, call: () => ({ method: 'GET', path: `${A}/reviews/records` }), expect: managers(200) },
  {
    route: `POST ${A}/reviews/records/:workOrderId/decision`,
    call: async (f, scope) => {
      const { workOrderId, reviewId } = await f.freshRecord(scope ?? 'own');
      return { method: 'POST', path: `${A}/reviews/records/${workOrderId}/decision`, options: json({ decision: 'approve', reviewIds: [reviewId] }) };
    },
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  { route: `GET ${A}/exports/completions.csv`, call: () => ({ method: 'GET', path: `${A}/exports/completions.csv` }), expect: managers(200) },
  {
    route: `GET ${A}/exports/completions/summary`,
    call: () => ({ method: 'GET', path: `${A}/exports/completions/summary` }),
    expect: managers(200),
  },
  {
    route: `POST ${A}/completions/:id/customer-copy`,
    call: (f, scope) => ({ method: 'POST', path: `${A}/completions/${f.completion[scope ?? 'own']}/customer-copy` }),
    expect: { ...all(403), supervisor1: [200, 404], supervisor2: [404, 200], admin: [200, 200] },
  },
  {
    route: `DELETE ${A}/completions/:id/customer-copy`,
    call: (f, scope) => ({ method: 'DELETE', path: `${A}/completions/${f.completion[scope ?? 'own']}/customer-copy` }),
    expect: { ...all(403), supervisor1: [204, 404], supervisor2: [404, 204], admin: [204, 204] },
  },
  // Integrations' API tokens (issue 17): admins only.
  { route: `GET ${A}/api-tokens`, call: () => ({ method: 'GET', path: `${A}/api-tokens` }), expect: { ...all(403), admin: 200 } },
  {
    route: `POST ${A}/api-tokens`,
    call: () => ({ method: 'POST', path: `${A}/api-tokens`, options: json({ name: 'HES ma trận' }) }),
    expect: { ...all(403), admin: 201 },
  },
  {
    route: `DELETE ${A}/api-tokens/:id`,
    call: async (f) => {
      const id = randomUUID();
      const at = TEST_NOW.toISOString();
      await f.server.store.commissioning.insertToken({
        id,
        name: 'HES ma trận',
        scope: 'hes.readings',
        tokenHash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
        createdBy: null,
        createdAt: at,
        lastUsedAt: null,
        revokedAt: null,
        revokedBy: null,
      });
      return { method: 'DELETE', path: `${A}/api-tokens/${id}` };
    },
    expect: { ...all(403), admin: 204 },
  },
  {
    // The head-end's endpoint: only an API token opens it, never a session (tests/server/hes.test.ts); without one, 401 for everyone.
    route: `POST ${A}/hes/meter-readings`,
    call: () => ({
      method: 'POST',
      path: `${A}/hes/meter-readings`,
      options: json({ readings: [{ serial: 'DT0000000001', readAt: TEST_NOW.toISOString(), total: 1 }] }),
    }),
    expect: all(401, 401, 401),
  },
  {
    // A dry run of the head-end's CSV: a supervisor for their own team, an admin for any.
    route: `POST ${A}/hes/meter-readings/import`,
    call: (f, scope) => ({
      method: 'POST',
      path: `${A}/hes/meter-readings/import?dryRun=1&teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}`,
      options: { body: `SO_CTO,THOI_GIAN,CS_TONG\r\nDT0000000001,${TEST_NOW.toISOString()},1\r\n`, headers: { 'content-type': 'text/csv' } },
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  { route: `GET ${A}/hes/unmatched-readings`, call: () => ({ method: 'GET', path: `${A}/hes/unmatched-readings` }), expect: managers(200) },
  { route: `GET ${A}/reports/commissioning`, call: () => ({ method: 'GET', path: `${A}/reports/commissioning` }), expect: managers(200) },
  { route: `GET ${A}/reports/commissioning.csv`, call: () => ({ method: 'GET', path: `${A}/reports/commissioning.csv` }), expect: managers(200) },
  {
    // The gateway's delivery receipt: no session needed, the signature is the credential; unsigned, everyone gets 401.
    route: `POST ${A}/notices/receipts`,
    call: () => ({
      method: 'POST',
      path: `${A}/notices/receipts`,
      options: json({ messageId: 'visit:x', status: 'delivered', at: TEST_NOW.toISOString() }),
    }),
    expect: all(401, 401, 401),
  },
  {
    // The notice queue as CSV: a supervisor's own team; an admin names one (or gets every team's).
    route: `GET ${A}/notices.csv`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/notices.csv?teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}` }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    // The notice queue in the console: a supervisor's own team; an admin names one (or gets every team's).
    route: `GET ${A}/notices`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/notices?teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}` }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    // A household opting out of notices: a supervisor for their own team, an admin for the team named.
    route: `PUT ${A}/notices/opt-outs/:customerCode`,
    call: (f, scope) => ({
      method: 'PUT',
      path: `${A}/notices/opt-outs/${f.order[scope ?? 'own'].customerCode}?teamId=${scope === 'foreign' ? f.teamForeign : f.teamOwn}`,
      options: json({ optedOut: true }),
    }),
    expect: { ...all(403), supervisor1: [200, 403], supervisor2: [403, 200], admin: [200, 200] },
  },
  {
    route: `GET ${A}/completions/:id/handover.pdf`,
    call: (f, scope) => ({ method: 'GET', path: `${A}/completions/${f.completion[scope ?? 'own']}/handover.pdf` }),
    expect: {
      anonymous: [401, 401],
      tech1: [200, 404],
      tech2: [404, 404],
      tech4: [404, 200],
      supervisor1: [200, 404],
      supervisor2: [404, 200],
      admin: [200, 200],
      deactivated: [401, 401],
    },
  },
];

/** A commune of the scope's team whose plan an admin confirmed (one fresh order on 2026-11-25), once per scope. */
const confirmed = new WeakMap<Fixture, Map<Scope, Promise<string>>>();
function confirmedCommune(f: Fixture, scope: Scope): Promise<string> {
  let byScope = confirmed.get(f);
  if (byScope === undefined) confirmed.set(f, (byScope = new Map<Scope, Promise<string>>()));
  let commune = byScope.get(scope);
  if (commune === undefined) {
    commune = (async () => {
      const wo = f.freshWorkOrder(scope);
      const technicianId = await f.userId(scope === 'foreign' ? 'tech5' : 'tech2');
      const admin = await f.server.login('admin');
      const days = [{ date: '2026-11-25', technicianId, hamlets: [], orderIds: [wo.id] }];
      const res = await admin.request('PUT', `${A}/roadmaps`, json({ commune: wo.commune, capacityPerDay: 15, days }));
      if (res.status !== 200) throw new Error(`confirming ${wo.commune} failed: ${res.status} ${res.text}`);
      return wo.commune;
    })();
    byScope.set(scope, commune);
  }
  return commune;
}

const IMPORT_CSV = [
  'code,customer_code,customer_name,phone,address,commune,province,lat,lng,station_code,route_code,route_order,phases,old_meter_serial,old_meter_type,last_billed_reading,reason,planned_date',
  ',PA07019990001,Trần Văn Ma Trận,0987654321,"Thôn 1, xã Hoằng Quang",Hoằng Quang,Thanh Hóa,19.8452,105.8011,TBA-HQ-02,SO-HQ-01,5,1,MX1234567,CV140,12,,',
  '',
].join('\n');

describe.each(backends)('authorization matrix (%s)', (backend) => {
  let server: TestServer;
  let fixture: Fixture;
  const sessions = new Map<RoleName, HttpClient>();

  beforeAll(async () => {
    server = await startTestServer(backend);
    const admin = await server.login('admin');
    const supervisor1 = await server.login('supervisor1');
    const supervisor2 = await server.login('supervisor2');
    const teams = TeamList.parse((await admin.get(`${A}/teams`)).json()).items;
    const teamOf = (province: string) => {
      const team = teams.find((t) => t.province === province);
      if (!team) throw new Error(`no team in ${province}`);
      return team.id;
    };
    const freshOwn = new FreshWorkOrders(server, supervisor1, 'Thanh Hóa');
    const freshForeign = new FreshWorkOrders(server, supervisor2, 'Cà Mau');
    const devices = { own: new Device(await server.login('tech1')), foreign: new Device(await server.login('tech4')) };
    const complete = async (scope: Scope) => {
      const [wo] = await (scope === 'own' ? freshOwn.assignedTo('tech1') : freshForeign.assignedTo('tech4'));
      if (!wo) throw new Error('no work order');
      const { swap, item } = await completeOne(server, devices[scope], wo, scope === 'own' ? supervisor1 : supervisor2);
      const [photo] = swap.photos;
      if (!photo) throw new Error('no photo');
      return { order: wo, workOrderId: wo.id, completionId: swap.args.completionId, photoId: photo.id, reviewId: item.id };
    };
    const own = await complete('own');
    const foreign = await complete('foreign');
    fixture = {
      server,
      teamOwn: teamOf('Thanh Hóa'),
      teamForeign: teamOf('Cà Mau'),
      workOrder: { own: own.workOrderId, foreign: foreign.workOrderId },
      order: { own: own.order, foreign: foreign.order },
      completion: { own: own.completionId, foreign: foreign.completionId },
      photo: { own: own.photoId, foreign: foreign.photoId },
      freshReview: async (scope) => (await complete(scope)).reviewId,
      freshRecord: async (scope) => {
        const { workOrderId, reviewId } = await complete(scope);
        return { workOrderId, reviewId };
      },
      freshOrder: (scope) => fixture.freshWorkOrder(scope).id,
      freshWorkOrder: (scope) => {
        const [wo] = (scope === 'own' ? freshOwn : freshForeign).take(1);
        if (!wo) throw new Error('no work order');
        return wo;
      },
      userId: (username) => server.userId(username),
    };

    for (const role of ROLE_NAMES) {
      if (role === 'anonymous') sessions.set(role, server.client());
      else if (role !== 'deactivated') sessions.set(role, await server.login(role));
    }
    // tech3 signs in on a shared tablet, then the admin deactivates the account: the cookie stays in the browser.
    const gone = await server.login('tech3');
    const off = await admin.request('PATCH', `${A}/users/${await server.userId('tech3')}`, { json: { active: false } });
    expect(off.status, off.text).toBe(200);
    sessions.set('deactivated', gone);
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  /** A new client holding a copy of the role's cookie (a login in a cell must not replace the role's session). */
  async function clientFor(role: RoleName, fresh: boolean): Promise<HttpClient> {
    if (fresh && role !== 'anonymous' && role !== 'deactivated') return server.login(role);
    const base = sessions.get(role);
    if (!base) throw new Error(`no session for ${role}`);
    const copy = new HttpClient(server.baseUrl, () => server.clock.now().getTime());
    for (const [k, v] of base.cookies) copy.cookies.set(k, v);
    return copy;
  }

  async function run(row: Row, role: RoleName, scope: Scope | null): Promise<TestResponse> {
    const call = await row.call(fixture, scope);
    const client = await clientFor(role, call.freshSession === true);
    return client.request(call.method, call.path, call.options);
  }

  it('has exactly one row per API route the router lists (a new route needs its row)', () => {
    const listed = listAppRoutes(server.app)
      .filter((r) => r.path.startsWith(`${A}/`))
      .map((r) => `${r.method} ${r.path}`);
    // GET implies HEAD in the listing; the photo route registers its own HEAD.
    const rows = ROWS.filter((r) => r.route !== `HEAD ${A}/photos/:photoId` && (r.landing !== true || listed.includes(r.route))).map((r) => r.route);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...listed].sort()).toEqual([...rows].sort());
  });

  it('answers every cell of the matrix with its expected status', async () => {
    const mismatches: string[] = [];
    const timings: string[] = [];
    let cells = 0;
    const listed = listAppRoutes(server.app).map((r) => `${r.method} ${r.path}`);
    for (const row of ROWS.filter((r) => r.landing !== true || listed.includes(r.route))) {
      const started = Date.now();
      for (const role of ROLE_NAMES) {
        const expected = row.expect[role];
        const scopes: [Scope | null, number][] =
          typeof expected === 'number'
            ? [[null, expected]]
            : [
                ['own', expected[0]],
                ['foreign', expected[1]],
              ];
        for (const [scope, status] of scopes) {
          const res = await run(row, role, scope);
          cells++;
          if (res.status !== status)
            mismatches.push(`${row.route} as ${role}${scope ? ` (${scope})` : ''}: expected ${status}, got ${res.status} ${res.text.slice(0, 160)}`);
          const wrong = row.verify?.(role, scope, res);
          if (wrong !== undefined) mismatches.push(`${row.route} as ${role}${scope ? ` (${scope})` : ''}: ${wrong}`);
          if (res.status >= 400 && !row.route.startsWith('HEAD')) {
            expect(res.headers.get('content-type'), `${row.route} as ${role}`).toMatch(/^application\/problem\+json/);
          }
        }
      }
      timings.push(`${row.route}: ${Date.now() - started} ms`);
    }
    if (process.env.MATRIX_TIMES) console.log(timings.join('\n'));
    expect(mismatches).toEqual([]);
    expect(cells).toBeGreaterThan(ROWS.length * ROLE_NAMES.length);
  }, 120_000);

  it('a deactivated user is refused everywhere but health and login, with 401 (the session ended server-side)', async () => {
    const gone = await clientFor('deactivated', false);
    const me = await gone.get(`${A}/auth/me`);
    expect(me.status).toBe(401);
    const again = await server.client().post(`${A}/auth/login`, { username: 'tech3', password: 'demo1234' });
    expect(again.status).toBe(401);
  });
});
