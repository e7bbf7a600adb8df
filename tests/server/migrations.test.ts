import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../server/store/connect';
import { migrationsFor } from '../../server/store/migrations';
import { backends, createTestDatabase, type TestDatabase } from './harness';

describe.each(backends)('migrations (%s)', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.destroy();
    database = undefined;
  });

  it('applies every migration on a fresh database, and running them again changes nothing', async () => {
    database = await createTestDatabase(backend, { migrate: false });
    const first = await database.store.migrate();
    expect(first.applied).toEqual(Object.keys(migrationsFor(backend)).sort());
    const epoch = await database.store.meta.epoch();
    expect((await database.store.migrate()).applied).toEqual([]);
    expect(await database.store.meta.epoch()).toBe(epoch);
  });

  it('names migration files by date so their order is the order they run in', () => {
    const names = Object.keys(migrationsFor(backend));
    expect(names).toEqual([...names].sort());
    for (const name of names) expect(name).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+$/);
  });

  it('starts on an existing database: reopening keeps the data and the feed epoch', async () => {
    database = await createTestDatabase(backend);
    const userId = randomUUID();
    await database.store.users.insert({
      id: userId,
      username: 'keeper',
      displayName: 'Người giữ dữ liệu',
      role: 'admin',
      teamId: null,
      passwordHash: 'scrypt$x',
      active: true,
      createdAt: new Date().toISOString(),
    });
    const epoch = await database.store.meta.epoch();
    const reopened = await database.reopen();
    expect((await reopened.migrate()).applied).toEqual([]);
    expect((await reopened.users.findById(userId))?.username).toBe('keeper');
    expect(await reopened.meta.epoch()).toBe(epoch);
  });

  it('gives every database its own feed epoch', async () => {
    database = await createTestDatabase(backend);
    const other = await createTestDatabase(backend);
    try {
      expect(await other.store.meta.epoch()).not.toBe(await database.store.meta.epoch());
    } finally {
      await other.destroy();
    }
  });

  it('refuses to append to the change feed outside a transaction', async () => {
    database = await createTestDatabase(backend);
    await expect(
      database.store.changes.append(
        [{ recipientUserId: randomUUID(), entity: 'workOrder', entityId: randomUUID(), op: 'revoke', entityVersion: 1 }],
        new Date().toISOString(),
      ),
    ).rejects.toThrow(/inside store.transaction/);
  });

  it('compacts a pull feed written before compaction: the latest row of each key stays, with its id, and ids go on past every one given', async () => {
    database = await createTestDatabase(backend, { migrate: false });
    const { db } = await connect(database.location);
    try {
      const all = migrationsFor(backend);
      const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '2026_12_07_0002_compact_pull_feed'));
      const schema = backend === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
      const migrator = new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve(before) },
        ...(schema === undefined ? {} : { migrationTableSchema: schema }),
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const [u, v] = [randomUUID(), randomUUID()];
      await db
        .insertInto('users')
        .values(
          [u, v].map((id, i) => ({
            id,
            username: `feed${i}`,
            display_name: 'Kỹ thuật viên',
            role: 'technician',
            team_id: null,
            password_hash: 'scrypt$x',
            active: 1,
            created_at: '2026-11-24T03:00:00.000Z',
            updated_at: '2026-11-24T03:00:00.000Z',
          })),
        )
        .execute();
      const [k1, k2] = [randomUUID(), randomUUID()];
      // The history as the feed kept it: k1 upserted three times, k2 given to u then to v.
      const history = [
        { recipient_user_id: u, entity_id: k1, op: 'upsert', entity_version: 2 },
        { recipient_user_id: u, entity_id: k1, op: 'upsert', entity_version: 3 },
        { recipient_user_id: u, entity_id: k2, op: 'upsert', entity_version: 2 },
        { recipient_user_id: u, entity_id: k2, op: 'revoke', entity_version: 3 },
        { recipient_user_id: v, entity_id: k2, op: 'upsert', entity_version: 3 },
        { recipient_user_id: u, entity_id: k1, op: 'upsert', entity_version: 4 },
        // An id given out and gone (a rolled-back transaction): never to be given again.
        { recipient_user_id: v, entity_id: randomUUID(), op: 'upsert', entity_version: 1 },
      ];
      for (const row of history)
        await db
          .insertInto('changes')
          .values({ ...row, entity: 'workOrder', created_at: '2026-11-24T03:00:00.000Z' })
          .execute();
      await db.deleteFrom('changes').where('change_id', '=', 7).execute();

      expect((await database.store.migrate()).applied).toEqual(Object.keys(all).filter((name) => name >= '2026_12_07_0002_compact_pull_feed'));
      const rows = await db
        .selectFrom('changes')
        .select(['change_id', 'recipient_user_id', 'entity_id', 'op', 'entity_version'])
        .orderBy('change_id')
        .execute();
      expect(rows).toEqual([
        { change_id: 4, recipient_user_id: u, entity_id: k2, op: 'revoke', entity_version: 3 },
        { change_id: 5, recipient_user_id: v, entity_id: k2, op: 'upsert', entity_version: 3 },
        { change_id: 6, recipient_user_id: u, entity_id: k1, op: 'upsert', entity_version: 4 },
      ]);
      await database.store.transaction((tx) =>
        tx.changes.append([{ recipientUserId: v, entity: 'workOrder', entityId: k1, op: 'upsert', entityVersion: 5 }], '2026-11-24T04:00:00.000Z'),
      );
      expect((await database.store.changes.listAfter(v, 5, 10)).map((c) => c.changeId)).toEqual([8]);
      // One row per key is now the rule.
      await expect(
        db
          .insertInto('changes')
          .values({
            recipient_user_id: v,
            entity: 'workOrder',
            entity_id: k1,
            op: 'upsert',
            entity_version: 6,
            created_at: '2026-11-24T05:00:00.000Z',
          })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  });

  it('adds the hamlet column to work orders imported before it (null), and one roadmap confirmation per team and commune', async () => {
    database = await createTestDatabase(backend, { migrate: false });
    const { db } = await connect(database.location);
    try {
      const all = migrationsFor(backend);
      const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '2026_12_07_0003_roadmaps'));
      const schema = backend === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
      const migrator = new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve(before) },
        ...(schema === undefined ? {} : { migrationTableSchema: schema }),
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const [teamId, orderId, userId] = [randomUUID(), randomUUID(), randomUUID()];
      const at = '2026-11-24T03:00:00.000Z';
      await db.insertInto('teams').values({ id: teamId, name: 'Thanh Hóa', province: 'Thanh Hóa', created_at: at }).execute();
      await db
        .insertInto('users')
        .values({
          id: userId,
          username: 'sup',
          display_name: 'Giám sát',
          role: 'supervisor',
          team_id: teamId,
          password_hash: 'scrypt$x',
          active: 1,
          created_at: at,
          updated_at: at,
        })
        .execute();
      // The row as an older server wrote it: no hamlet column to name.
      await sql`insert into work_orders (id, code, customer_code, customer_name, phone, address, commune, district, province, lat, lng,
          station_code, route_code, route_order, phases, old_meter_serial, old_meter_type, last_billed_reading, reason, planned_date,
          status, assignee_id, team_id, version, created_at, updated_at)
        values (${orderId}, 'YC-1', 'PA07010000001', 'Lê Thị Hoa', null, 'Thôn 3, xã Hoằng Hóa', 'Xã Hoằng Hóa', null, 'Thanh Hóa',
          19.86, 105.85, null, null, null, 1, 'SN00000001', null, null, null, null, 'unassigned', null, ${teamId}, 1, ${at}, ${at})`.execute(db);

      expect((await database.store.migrate()).applied).toEqual(
        Object.keys(migrationsFor(backend)).filter((name) => name >= '2026_12_07_0003_roadmaps'),
      );
      const order = await database.store.workOrders.findById(orderId);
      expect(order).toMatchObject({ code: 'YC-1', hamlet: null, address: 'Thôn 3, xã Hoằng Hóa' });
      const confirmation = { teamId, commune: 'Xã Hoằng Hóa', confirmedBy: userId, confirmedAt: at, capacityPerDay: 15 };
      await database.store.roadmaps.saveConfirmation(confirmation);
      await database.store.roadmaps.saveConfirmation({ ...confirmation, confirmedAt: '2026-11-25T03:00:00.000Z', capacityPerDay: 12 });
      expect(await database.store.roadmaps.confirmation(teamId, 'Xã Hoằng Hóa')).toEqual({
        confirmedAt: '2026-11-25T03:00:00.000Z',
        confirmedBy: 'Giám sát',
        capacityPerDay: 12,
      });
      await expect(
        db
          .insertInto('roadmap_confirmations')
          .values({ team_id: teamId, commune: 'Xã Hoằng Hóa', confirmed_by: null, confirmed_at: at, capacity_per_day: 1 })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  });

  it('adds team settings: one row per team, replaced on save, the lists kept in order, a team that does not exist refused', async () => {
    database = await createTestDatabase(backend);
    const teamId = randomUUID();
    const at = '2026-11-24T03:00:00.000Z';
    await database.store.teams.insertMissing([{ id: teamId, name: 'Tổ Cà Mau', province: 'Cà Mau' }], at);
    expect(await database.store.teamSettings.find(teamId)).toBeUndefined();
    const settings = {
      parentBody: 'TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM',
      issuingBody: 'CÔNG TY ĐIỆN LỰC CÀ MAU',
      symbol: 'PCCM-KD',
      place: 'Cà Mau',
      contactName: 'Đội quản lý khách hàng',
      contactPhone: '0290 3123 456',
      signerName: 'Nguyễn Văn Bình',
      signerTitle: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
      paymentOptions: ['Ví điện tử', 'Ngân hàng'],
    };
    await database.store.teamSettings.save({ teamId, settings, updatedBy: null, updatedAt: at });
    const later = { ...settings, signerTitle: ['GIÁM ĐỐC'], paymentOptions: ['Ngân hàng', 'Ví điện tử', 'Ứng dụng EVN'] };
    await database.store.teamSettings.save({ teamId, settings: later, updatedBy: null, updatedAt: '2026-11-25T03:00:00.000Z' });
    expect(await database.store.teamSettings.find(teamId)).toEqual({
      teamId,
      settings: later,
      updatedBy: null,
      updatedAt: '2026-11-25T03:00:00.000Z',
    });
    await expect(database.store.teamSettings.save({ teamId: randomUUID(), settings, updatedBy: null, updatedAt: at })).rejects.toThrow();
  });

  it('keeps one payment method per team, customer and period; a period replaced leaves the others', async () => {
    database = await createTestDatabase(backend);
    const { db } = await connect(database.location);
    try {
      const teamId = randomUUID();
      const at = '2026-11-24T03:00:00.000Z';
      await db.insertInto('teams').values({ id: teamId, name: 'Cà Mau', province: 'Cà Mau', created_at: at }).execute();
      const row = { team_id: teamId, customer_code: 'PA07010000001', period: '2026-10', method: 'cash', imported_at: at };
      await db.insertInto('payment_methods').values(row).execute();
      await expect(
        db
          .insertInto('payment_methods')
          .values({ ...row, method: 'bank' })
          .execute(),
      ).rejects.toThrow();
      await db
        .insertInto('payment_methods')
        .values({ ...row, period: '2026-11' })
        .execute();
      await database.store.transaction((tx) =>
        tx.paymentMethods.replacePeriods(teamId, ['2026-10'], [{ customerCode: 'PA07010000001', period: '2026-10', method: 'ewallet' }], at),
      );
      const rows = await db.selectFrom('payment_methods').select(['period', 'method']).where('team_id', '=', teamId).orderBy('period').execute();
      expect(rows).toEqual([
        { period: '2026-10', method: 'ewallet' },
        { period: '2026-11', method: 'cash' },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('keeps customer-copy tokens by hash only, one row per hash, tied to an existing completion', async () => {
    database = await createTestDatabase(backend);
    const { db } = await connect(database.location);
    try {
      const row = {
        token_hash: 'a'.repeat(64),
        completion_id: randomUUID(),
        work_order_id: randomUUID(),
        team_id: null,
        created_at: '2026-11-24T03:00:00.000Z',
        expires_at: '2027-02-22T03:00:00.000Z',
        revoked_at: null,
        revoked_by: null,
      };
      // Every column is there, and the completion must exist (a foreign key): a token reaches a real record only.
      const columns = (await db.introspection.getTables()).find((t) => t.name === 'customer_copies')?.columns.map((c) => c.name);
      expect(columns?.sort()).toEqual(Object.keys(row).sort());
      await expect(db.insertInto('customer_copies').values(row).execute()).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  });

  it('keeps one notice per messageId and one opt-out per team and household', async () => {
    database = await createTestDatabase(backend);
    const { db } = await connect(database.location);
    try {
      const teamId = randomUUID();
      const at = '2026-11-24T03:00:00.000Z';
      await db.insertInto('teams').values({ id: teamId, name: 'Cà Mau', province: 'Cà Mau', created_at: at }).execute();
      const row = {
        message_id: 'visit:x',
        team_id: teamId,
        work_order_id: null,
        customer_code: 'PA07010000001',
        to_phone: '0912345678',
        channel: 'sms',
        template: 'visit_notice',
        params: '{}',
        text: 'Thông báo',
        status: 'queued',
        next_attempt_at: at,
        created_at: at,
      };
      await db.insertInto('notices').values(row).execute();
      await expect(db.insertInto('notices').values(row).execute()).rejects.toThrow();
      expect(await db.selectFrom('notices').select(['attempts', 'claimed_by', 'sent_at']).execute()).toEqual([
        { attempts: 0, claimed_by: null, sent_at: null },
      ]);
      const optOut = { team_id: teamId, customer_code: 'PA07010000001', opted_out_at: at };
      await db.insertInto('notice_opt_outs').values(optOut).execute();
      await expect(db.insertInto('notice_opt_outs').values(optOut).execute()).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  });
});
