import { afterEach, describe, expect, it } from 'vitest';
import { checkCustomerCode, isValidMeterSerial, PHONE_PATTERN } from '../../src/domain/capture/identifiers';
import { WorkOrder } from '../../src/domain/workOrder/workOrder';
import { generateDemo, ORDERS_PER_TECHNICIAN } from '../../server/demo/generate';
import { DEMO_ACCOUNTS } from '../../server/demo/people';
import { PROVINCES } from '../../server/demo/places';
import { seedDemo } from '../../server/demo/seed';
import { backends, createTestDatabase, TEST_NOW, TEST_TODAY, type TestDatabase } from './harness';

const options = { seed: 7, size: 2000, today: TEST_TODAY, now: TEST_NOW };

describe('demo data generator', () => {
  const data = generateDemo(options);
  const orders = [...data.workOrders()];

  it('is deterministic: the same seed gives the same data, another seed other data', () => {
    const again = generateDemo(options);
    expect(again.users).toEqual(data.users);
    expect(again.teams).toEqual(data.teams);
    expect([...again.workOrders()]).toEqual(orders);
    const other = [...generateDemo({ ...options, seed: 8 }).workOrders()];
    expect(other[0]?.id).not.toBe(orders[0]?.id);
  });

  it('creates the accounts of the design: admin, two supervisors, six technicians in two teams', () => {
    expect(data.teams.map((t) => t.name)).toEqual(['Thanh Hóa', 'Cà Mau']);
    expect(data.users.map((u) => u.username)).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
    const teamOf = (username: string) => data.teams.find((t) => t.id === data.users.find((u) => u.username === username)?.teamId)?.name;
    expect(['supervisor1', 'tech1', 'tech2', 'tech3'].map(teamOf)).toEqual(['Thanh Hóa', 'Thanh Hóa', 'Thanh Hóa', 'Thanh Hóa']);
    expect(['supervisor2', 'tech4', 'tech5', 'tech6'].map(teamOf)).toEqual(['Cà Mau', 'Cà Mau', 'Cà Mau', 'Cà Mau']);
    expect(teamOf('admin')).toBeUndefined();
  });

  it('gives every technician exactly 30 work orders planned for today in their own province; the rest are unassigned', () => {
    expect(orders).toHaveLength(2000);
    for (const tech of data.users.filter((u) => u.role === 'technician')) {
      const mine = orders.filter((o) => o.assigneeId === tech.id);
      const province = data.teams.find((t) => t.id === tech.teamId)?.province;
      expect(mine).toHaveLength(ORDERS_PER_TECHNICIAN);
      expect(mine.every((o) => o.plannedDate === TEST_TODAY && o.status === 'assigned' && o.province === province && o.teamId === tech.teamId)).toBe(
        true,
      );
      expect(mine.map((o) => o.routeOrder)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    const unassigned = orders.filter((o) => o.assigneeId === null);
    expect(unassigned).toHaveLength(2000 - 180);
    expect(unassigned.every((o) => o.status === 'unassigned' && o.plannedDate === null)).toBe(true);
  });

  it('produces valid work orders with unique codes in real communes of both provinces', () => {
    const communes = new Set(PROVINCES.flatMap((p) => p.communes.map((c) => `${p.name}|${c.kind === 'xã' ? 'Xã' : 'Phường'} ${c.name}`)));
    for (const order of orders) {
      expect(() => WorkOrder.parse(order)).not.toThrow();
      expect(communes.has(`${order.province}|${order.commune}`)).toBe(true);
      const code = checkCustomerCode(order.customerCode);
      expect(code).toMatchObject({ valid: true, unusualLength: false });
      expect(order.customerCode.slice(0, 4)).toBe(order.province === 'Thanh Hóa' ? 'PA07' : 'PB14');
      if (order.phone !== null) expect(order.phone).toMatch(PHONE_PATTERN);
      expect(isValidMeterSerial(order.oldMeterSerial)).toBe(true);
      expect(order.oldMeterSerial).toMatch(/^\d{8,10}$/);
      expect(order.address).toContain(order.commune.replace(/^Xã/, 'xã').replace(/^Phường/, 'phường'));
    }
    expect(new Set(orders.map((o) => o.code)).size).toBe(orders.length);
    expect(new Set(orders.map((o) => o.id)).size).toBe(orders.length);
    expect(new Set(orders.map((o) => o.province))).toEqual(new Set(['Thanh Hóa', 'Cà Mau']));
    expect(orders.some((o) => o.phases === 3)).toBe(true);
    expect(orders.some((o) => o.oldMeterSerial.startsWith('0'))).toBe(true);
  });

  it('keeps each point within a few kilometres of its commune', () => {
    for (const order of orders) {
      const commune = PROVINCES.flatMap((p) => p.communes).find((c) => order.commune.endsWith(c.name));
      expect(commune).toBeDefined();
      const km = Math.hypot(order.lat - (commune?.lat ?? 0), (order.lng - (commune?.lng ?? 0)) * Math.cos((order.lat * Math.PI) / 180)) * 111.32;
      expect(km).toBeLessThanOrEqual(2.01);
    }
  });

  it('refuses a size too small for a day of work per technician', () => {
    expect(() => generateDemo({ ...options, size: 100 })).toThrow(RangeError);
  });
});

describe.each(backends)('demo seed (%s)', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.destroy();
    database = undefined;
  });

  it('writes 2,000 work orders in well under 3 seconds, with feed rows for the assigned ones', async () => {
    database = await createTestDatabase(backend);
    const started = performance.now();
    const summary = await seedDemo(database.store, options);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(summary).toEqual({ workOrders: 2000, assigned: 180 });
    expect(await database.store.workOrders.count()).toBe(2000);
    const tech1 = await database.store.users.findByUsername('tech1');
    const feed = await database.store.changes.listAfter(tech1?.id ?? '', 0, 100);
    expect(feed).toHaveLength(30);
  });

  it('keeps an existing admin account and its password', async () => {
    database = await createTestDatabase(backend);
    await database.store.users.insert({
      id: '11111111-1111-4111-8111-111111111111',
      username: 'admin',
      displayName: 'Admin',
      role: 'admin',
      teamId: null,
      passwordHash: 'scrypt$existing',
      active: true,
      createdAt: TEST_NOW.toISOString(),
    });
    await seedDemo(database.store, { ...options, size: 180 });
    const admin = await database.store.users.findByUsername('admin');
    expect(admin).toMatchObject({ id: '11111111-1111-4111-8111-111111111111', passwordHash: 'scrypt$existing' });
    expect(await database.store.users.count()).toBe(9);
  });
});
