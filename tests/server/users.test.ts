import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserList, UserView } from '../../src/domain/users/users';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

const NEW_PASSWORD = 'mat-khau-moi-2026';

describe.each(backends)('user and team administration (%s)', (backend) => {
  let server: TestServer;
  let admin: HttpClient;
  let thanhHoa: string;
  let caMau: string;

  const patch = (client: HttpClient, id: string, json: unknown) => client.request('PATCH', `/api/v1/users/${id}`, { json });

  beforeAll(async () => {
    server = await startTestServer(backend);
    admin = await server.login('admin');
    thanhHoa = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? '';
    caMau = (await server.store.users.findByUsername('supervisor2'))?.teamId ?? '';
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists every account without password hashes', async () => {
    const res = await admin.get('/api/v1/users');
    expect(res.status, res.text).toBe(200);
    const list = UserList.parse(res.json());
    expect(list.items.map((u) => u.username).sort()).toEqual([
      'admin',
      'supervisor1',
      'supervisor2',
      'tech1',
      'tech2',
      'tech3',
      'tech4',
      'tech5',
      'tech6',
    ]);
    expect(res.text).not.toMatch(/scrypt|password/i);
  });

  it('creates a technician who can then sign in, and audits it without the hash', async () => {
    const res = await admin.post('/api/v1/users', {
      username: ' Tech7 ',
      displayName: 'Lê Văn Bảy',
      role: 'technician',
      teamId: thanhHoa,
      password: NEW_PASSWORD,
    });
    expect(res.status, res.text).toBe(201);
    const created = UserView.parse(res.json());
    expect(created).toMatchObject({ username: 'tech7', displayName: 'Lê Văn Bảy', role: 'technician', teamId: thanhHoa, active: true });
    await server.login('tech7', NEW_PASSWORD);
    const audit = await server.store.audit.listForEntity('user', created.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'user.create', actorId: await server.userId('admin') })]);
    expect(JSON.stringify(audit)).not.toMatch(/scrypt/);
  });

  it('refuses a taken username, a technician without a team, an unknown team and a short password', async () => {
    const taken = expectProblem(
      await admin.post('/api/v1/users', { username: 'tech1', displayName: 'X', role: 'technician', teamId: thanhHoa, password: NEW_PASSWORD }),
      400,
      'VALIDATION_FAILED',
    );
    expect(taken.errors).toEqual([expect.objectContaining({ path: 'username', code: 'taken' })]);
    const noTeam = expectProblem(
      await admin.post('/api/v1/users', { username: 'tech8', displayName: 'X', role: 'technician', teamId: null, password: NEW_PASSWORD }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noTeam.errors).toEqual([expect.objectContaining({ path: 'teamId', code: 'required' })]);
    const unknown = expectProblem(
      await admin.post('/api/v1/users', {
        username: 'tech8',
        displayName: 'X',
        role: 'supervisor',
        teamId: '00000000-0000-4000-8000-000000000000',
        password: NEW_PASSWORD,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.errors).toEqual([expect.objectContaining({ path: 'teamId', code: 'not_found' })]);
    const short = expectProblem(
      await admin.post('/api/v1/users', { username: 'tech8', displayName: 'X', role: 'admin', teamId: null, password: 'short' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(short.errors?.map((e) => e.path)).toEqual(['password']);
    expect(await server.store.users.findByUsername('tech8')).toBeUndefined();
  });

  it('deactivating a user ends their sessions at once and stops them signing in again', async () => {
    const tech2 = await server.login('tech2');
    expect((await tech2.get('/api/v1/auth/me')).status).toBe(200);
    const res = await patch(admin, await server.userId('tech2'), { active: false });
    expect(res.status, res.text).toBe(200);
    expect(UserView.parse(res.json()).active).toBe(false);
    expectProblem(await tech2.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await server.client().post('/api/v1/auth/login', { username: 'tech2', password: 'demo1234' }), 401, 'INVALID_CREDENTIALS');
  });

  it('a password reset ends the sessions; the new password works', async () => {
    const tech3 = await server.login('tech3');
    const res = await patch(admin, await server.userId('tech3'), { password: NEW_PASSWORD });
    expect(res.status, res.text).toBe(200);
    expectProblem(await tech3.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    await server.login('tech3', NEW_PASSWORD);
    const audit = await server.store.audit.listForEntity('user', await server.userId('tech3'));
    expect(audit.at(-1)).toMatchObject({ action: 'user.update', after: expect.objectContaining({ passwordReset: true }) as unknown });
  });

  it('moves a technician to another team, keeping their open assignments', async () => {
    const tech1 = await server.userId('tech1');
    const openBefore = (await server.store.workOrders.list({ teamId: null, assigneeId: tech1 }, undefined, 500)).map((wo) => wo.id);
    const res = await patch(admin, tech1, { teamId: caMau, displayName: 'Nguyễn Văn Một' });
    expect(res.status, res.text).toBe(200);
    expect(UserView.parse(res.json())).toMatchObject({ teamId: caMau, displayName: 'Nguyễn Văn Một' });
    const openAfter = (await server.store.workOrders.list({ teamId: null, assigneeId: tech1 }, undefined, 500)).map((wo) => wo.id);
    expect(openAfter).toEqual(openBefore);
    expect(openAfter.length).toBeGreaterThan(0);
    const supervisor2 = await server.login('supervisor2');
    const techs = (await supervisor2.get('/api/v1/technicians')).json() as { items: { id: string }[] };
    expect(techs.items.map((t) => t.id)).toContain(tech1);
  });

  it('refuses to let an admin deactivate or demote themselves, and a role that needs a team without one', async () => {
    const me = await server.userId('admin');
    const self = expectProblem(await patch(admin, me, { active: false }), 400, 'VALIDATION_FAILED');
    expect(self.errors).toEqual([expect.objectContaining({ path: 'active', code: 'self' })]);
    expectProblem(await patch(admin, me, { role: 'technician' }), 400, 'VALIDATION_FAILED');
    const sup = expectProblem(await patch(admin, await server.userId('supervisor1'), { teamId: null }), 400, 'VALIDATION_FAILED');
    expect(sup.errors).toEqual([expect.objectContaining({ path: 'teamId', code: 'required' })]);
    expectProblem(await patch(admin, '00000000-0000-4000-8000-000000000000', { active: true }), 404, 'NOT_FOUND');
    expectProblem(await patch(admin, 'not-a-uuid', { active: true }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch(admin, me, { password: 'x', unknown: 1 }), 400, 'VALIDATION_FAILED');
  });

  it('is for admins only, checked before the body is read', async () => {
    const supervisor1 = await server.login('supervisor1');
    const tech4 = await server.login('tech4');
    for (const client of [supervisor1, tech4]) {
      expectProblem(await client.get('/api/v1/users'), 403, 'FORBIDDEN');
      expectProblem(await client.post('/api/v1/users', { nonsense: true }), 403, 'FORBIDDEN');
      expectProblem(await patch(client, await server.userId('tech5'), { active: false }), 403, 'FORBIDDEN');
    }
    expectProblem(await server.client().get('/api/v1/users'), 401, 'UNAUTHENTICATED');
    expect((await server.store.users.findByUsername('tech5'))?.active).toBe(true);
  });
});
