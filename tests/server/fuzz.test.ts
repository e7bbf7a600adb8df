import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../server/store/connect';
import type { Database } from '../../server/store/schema';
import { Problem } from '../../src/domain/protocol/errors';
import { PushResponse, type SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import { TEXT_ISSUE_CODE } from '../../src/domain/protocol/wireText';
import { WorkOrderListResponse } from '../../src/domain/workOrder/workOrderQuery';
import { seededWorkOrders } from './demoData';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { Device, FreshWorkOrders, jpeg, swapFor } from './syncFixtures';

/**
 * Property-based fuzzing of every endpoint that takes input (issue 6), with fixed seeds: random and near-valid JSON
 * (wrong types, missing and extra fields, huge numbers, NaN-like strings, deep nesting, `__proto__` keys, very long
 * Vietnamese strings, control characters), malformed CSV, odd query strings and path parameters (traversal, encoded
 * NUL, wrong lengths). Invariants for every answer: never a 5xx; an error is problem+json with a stable code and no
 * stack trace or file path; and a refused request leaves the database exactly as it was.
 *
 * FUZZ_RUNS sets the runs per endpoint (default 100); FUZZ_SEED changes the seed.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const A = '/api/v1';
const UUID = '00000000-0000-4000-8000-000000000000';

// ---------------------------------------------------------------- generators

const VIETNAMESE = 'Nguyễn Thị Hồng Nhung, thôn Đông Hưng, xã Quảng Phú, Thanh Hóa; ';
const VIETNAMESE_WORDS = ['Nguyễn', 'Thị', 'Hồng', 'Nhung', 'Hòa', 'Hoà', 'Đông', 'Hưng', 'Quảng', 'Phú', 'Thanh Hóa', 'Cà Mau', 'Ỷ', 'ười'];
/** Characters no backend may store (src/domain/protocol/text.ts): NUL, other C0 controls and DEL, unpaired surrogates. */
const FAULTY_CHARS = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u001f', '\u007f', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'];
/** Vietnamese text with one faulty character somewhere in it (start, middle or end). */
const faultyText = fc
  .tuple(fc.constantFrom(...VIETNAMESE_WORDS), fc.constantFrom(...FAULTY_CHARS), fc.nat({ max: 12 }))
  .map(([word, bad, at]) => word.slice(0, at) + bad + word.slice(at));
/** The same Vietnamese words with combining marks (NFD), or mixed: "Hòa" as H o U+0300 a. */
const combiningText = fc
  .array(fc.constantFrom(...VIETNAMESE_WORDS), { minLength: 1, maxLength: 4 })
  .chain((words) => fc.constantFrom('NFD', 'NFKD', 'NFC').map((form) => words.join(' ').normalize(form)));
/** Arrays and objects nested 1 to 30,000 levels (a 60 KB body at most), as a raw JSON text. */
const deepJsonText = fc
  .tuple(fc.integer({ min: 1, max: 30_000 }), fc.boolean())
  .map(([n, arrays]) => (arrays ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)));
const hostileString = fc.oneof(
  faultyText,
  combiningText,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '1e309',
    '0x1F',
    '',
    ' ',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    'prototype',
    '../../../etc/passwd',
    '..\\..\\windows',
    '%00',
    '\u0000',
    '\u0000abc',
    '\r\n\r\n',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '"; drop table users; --',
    '\u202e\u202d',
    '😀'.repeat(50),
    '\uD800',
    '%2e%2e%2f',
    '2026-02-30',
    '2026-11-24T03:00:00.000Z',
    UUID,
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  ),
  fc.integer({ min: 1, max: 4000 }).map((n) => VIETNAMESE.repeat(Math.ceil(n / VIETNAMESE.length)).slice(0, n * 10)),
  fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 20 }).map((codes) => String.fromCharCode(...codes)),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 53) - 1, 1e308, -1e308, 0.1, 5e-324, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const KEY_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'a', ''];
const hostileKey = fc.oneof(fc.constantFrom(...KEY_NAMES), fc.string({ maxLength: 12 }));
/** Any JSON value, a few levels deep, with hostile leaves and keys (own `__proto__` keys included). */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 5 }).map(ownObject),
  ),
})).value;

/** A copy of `value` with the member at the dotted `path` set to `to` (numbers index arrays). */
function withField<T>(value: T, path: string, to: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1) ?? ''] = to;
  return copy as T;
}

/** An object with exactly these own keys: `{__proto__: ...}` stays a key, as JSON.parse would make it. */
function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
  return object;
}

/** A valid body with one field changed: removed, set to a hostile value, or an extra field added. */
function nearValid(valid: () => Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid());
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), hostileJson).map(([k, v]) => ({ ...valid(), [k]: v })),
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid()).filter(([key]) => key !== k))),
    fc.tuple(hostileKey, hostileJson).map(([k, v]) => ownObject([...Object.entries(valid()), [k, v]])),
  );
}

/** Raw bodies no serializer makes: broken JSON, deep nesting, prototype keys, NUL bytes. */
const rawBody = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    '[]',
    '{',
    '{"a":',
    '\u0000',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"a":1,"a":2}',
    '1e999999',
    '"\\ud800"',
    '{"a":"\\u0000"}',
    '\uFEFF{}',
  ),
  fc.integer({ min: 1, max: 60_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 30_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const body = (near: fc.Arbitrary<unknown>) =>
  fc.oneof(
    near.map((v) => JSON.stringify(v)),
    hostileJson.map((v) => JSON.stringify(v)),
    rawBody,
  );

/** An odd path segment: traversal, encoded NUL, wrong lengths, non-ASCII. */
const pathSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '%2e%2e',
    '..%2f..%2fetc%2fpasswd',
    '%00',
    'abc%00def',
    `${UUID}%00`,
    `${UUID}/..`,
    '%',
    '%zz',
    '%C0%AE',
    UUID.toUpperCase(),
    UUID.slice(1),
    `${UUID}0`,
    'a'.repeat(300),
    'f'.repeat(63),
    'F'.repeat(64),
    'g'.repeat(64),
    'null',
    '0',
    '-1',
    encodeURIComponent('Nguyễn'),
    encodeURIComponent('<script>'),
  ),
  fc.string({ maxLength: 80 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), maxLength: 70 }),
);

/** A query string of hostile parameters, some named like the route's own. */
function queryString(names: readonly string[]): fc.Arbitrary<string> {
  // Kept under Node's 16 KB header limit (beyond it Node itself answers 431 before the app runs).
  const value = fc.oneof(
    hostileString.map((v) => v.slice(0, 1500)),
    hostileNumber.map(String),
  );
  const name = fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor', 'a[b]', 'a[]', 'limit[]'), fc.string({ maxLength: 8 }));
  const encode = (v: string) => encodeURIComponent(v.toWellFormed());
  const pair = fc.oneof(
    fc.tuple(name, value).map(([k, v]) => `${encode(k)}=${encode(v)}`),
    fc.constantFrom('%zz=1', 'limit=%00', 'q=%', 'cursor=%E0%A4%A', '=', '&&', 'a=1=2', 'q[$gt]=', 'bbox=1,2,3', 'bbox=-181,-91,181,91'),
  );
  return fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&'));
}

/** Malformed CSV: broken quotes, wrong column counts, NUL bytes, formula injection, odd encodings and separators. */
const CSV_HEADER =
  'code,customer_code,customer_name,phone,address,commune,province,lat,lng,station_code,route_code,route_order,phases,old_meter_serial,old_meter_type,last_billed_reading,reason,planned_date';
const csvCell = fc.oneof(
  hostileString.map((s) => s.slice(0, 300)),
  fc.constantFrom('"', '""', '"a', 'a"b', '=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', '1e999', '19.8,105.8'),
);
const csvBody = fc.oneof(
  fc.array(fc.array(csvCell, { maxLength: 20 }), { maxLength: 8 }).map((rows) => [CSV_HEADER, ...rows.map((r) => r.join(','))].join('\n')),
  fc.array(fc.array(csvCell, { maxLength: 20 }), { maxLength: 8 }).map((rows) => rows.map((r) => r.join(';')).join('\r\n')),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.constantFrom('', '\uFEFF', '\uFEFF' + CSV_HEADER, CSV_HEADER + '\n' + ','.repeat(5000), '"'.repeat(1000), CSV_HEADER.replaceAll(',', '\t')),
);

/** Head-end messages (issue 17): malformed XML, DTDs and entity bombs, deep nesting, near-valid messages with hostile values. */
const xmlBody = fc.oneof(
  fc.constantFrom(
    '',
    '<',
    '<MeterReadings>',
    '<MeterReadings></MeterReading>',
    '<?xml version="1.0" encoding="ISO-8859-1"?><MeterReadings/>',
    '<?xml version="1.0"?><!DOCTYPE m SYSTEM "http://127.0.0.1/x.dtd"><MeterReadings/>',
    '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><MeterReadings>&x;</MeterReadings>',
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><MeterReadings>&b;</MeterReadings>',
    '<MeterReadings>&unknown;</MeterReadings>',
    '<MeterReadings><MeterReading><Meter><Names><name>&#0;</name></Names></Meter></MeterReading></MeterReadings>',
    '<MeterReadings><![CDATA[' + 'x'.repeat(5000) + ']]></MeterReadings>',
    '\uFEFF<MeterReadings/>',
  ),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '<MeterReadings>' + '<a>'.repeat(n) + '</a>'.repeat(n) + '</MeterReadings>'),
  fc.tuple(hostileString, hostileString, hostileString, fc.boolean()).map(([serial, time, value, escape]) => {
    const e = (s: string) => (escape ? s.replaceAll('&', '&amp;').replaceAll('<', '&lt;') : s);
    return (
      '<MeterReadings><MeterReading><Meter><Names><name>' +
      e(serial.slice(0, 400)) +
      '</name></Names></Meter><Readings><ReadingType ref="0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"/><timeStamp>' +
      e(time.slice(0, 400)) +
      '</timeStamp><value>' +
      e(value.slice(0, 400)) +
      '</value></Readings></MeterReading></MeterReadings>'
    );
  }),
  fc.string({ unit: 'binary', maxLength: 500 }),
);

// ---------------------------------------------------------------- invariants

type Fingerprint = Record<string, string>;

const TABLES: readonly (keyof Database)[] = [
  'teams',
  'users',
  'work_orders',
  'assignments',
  'completions',
  'visits',
  'photos',
  'photo_refs',
  'photo_uploaders',
  'reviews',
  'sync_clients',
  'mutation_log',
  'rejected_mutations',
  'changes',
  'audit_log',
  'sessions',
  'commissioning',
  'hes_readings',
  'hes_messages',
  'api_tokens',
  'stock_items',
  'stock_movements',
  'stock_voids',
];

/** Row counts of every table plus the sum of work-order versions and every user's row: one query. */
async function fingerprint(db: Kysely<Database>): Promise<Fingerprint> {
  const counts = TABLES.map((t) => sql`(select count(*) from ${sql.table(t)})`.as(t));
  const row = await db
    .selectNoFrom([
      ...counts,
      sql`(select coalesce(sum(version), 0) from work_orders)`.as('wo_versions'),
      sql`(select coalesce(sum(length(status) + length(coalesce(assignee_id, ''))), 0) from work_orders)`.as('wo_state'),
      sql`(select coalesce(sum(length(status) + length(coalesce(note, ''))), 0) from reviews)`.as('review_state'),
    ])
    .executeTakeFirstOrThrow();
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'team_id', 'password_hash', 'active'])
    .orderBy('id')
    .execute();
  return { ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])), users: JSON.stringify(users) };
}

const STACK = /\bat .+:\d+:\d+\)?|node_modules|\/work\/|\.ts:\d+/;

function checkAnswer(what: string, res: TestResponse): void {
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
  if (res.status >= 400 && !what.startsWith('HEAD')) {
    expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
    const problem = Problem.parse(res.json());
    expect(problem.code, what).toMatch(/^[A-Z_]+$/);
    expect(problem.status, what).toBe(res.status);
  }
  expect(res.text, what).not.toMatch(STACK);
}

describe.each(backends)('fuzzing every endpoint that takes input (%s)', (backend) => {
  let server: TestServer;
  let db: Kysely<Database>;
  let tech1: HttpClient;
  let supervisor1: HttpClient;
  let admin: HttpClient;
  let workOrderId: string;
  let reviewlessCompletion: string;
  let tech2Id: string;
  let unassigned: string[];
  let swapArgs: SwapCompleteArgs;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 400 });
    ({ db } = await connect(server.databaseLocation));
    tech1 = await server.login('tech1');
    supervisor1 = await server.login('supervisor1');
    admin = await server.login('admin');
    const fresh = new FreshWorkOrders(server, supervisor1);
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no work order');
    workOrderId = wo.id;
    const swap = swapFor(wo);
    await new Device(tech1).send('swap.complete', swap.args);
    reviewlessCompletion = swap.args.completionId;
    swapArgs = swapFor(wo).args;
    tech2Id = await server.userId('tech2');
    unassigned = fresh.take(3).map((o) => o.id);
  }, 120_000);
  afterAll(async () => {
    await db.destroy();
    await server.close();
  });

  /** Sends one request and checks the invariants: no 5xx, problem+json errors, nothing written when refused. */
  async function probe(
    client: HttpClient,
    method: string,
    path: string,
    rawBody?: string | Uint8Array,
    contentType = 'application/json',
  ): Promise<TestResponse> {
    const before = await fingerprint(db);
    const res = await client.request(method, path, rawBody === undefined ? {} : { body: rawBody, headers: { 'content-type': contentType } });
    const what = `${method} ${path.slice(0, 120)} ${typeof rawBody === 'string' ? rawBody.slice(0, 120) : ''}`;
    checkAnswer(what, res);
    if (res.status >= 400) {
      const after = await fingerprint(db);
      const changed = Object.keys(before)
        .filter((k) => before[k] !== after[k])
        .map((k) => `${k}: ${before[k]?.slice(0, 80)} → ${after[k]?.slice(0, 80)}`);
      expect(changed, `${what} → ${res.status} ${res.text.slice(0, 200)}: a refused request changed the database`).toEqual([]);
    }
    return res;
  }

  const run = <Ts extends unknown[]>(property: fc.IAsyncProperty<Ts>) => fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });

  it('POST /auth/login', async () => {
    const valid = () => ({ username: 'tech2', password: 'wrong-password' });
    await run(
      fc.asyncProperty(body(nearValid(valid)), async (b) => {
        server.clock.advance(16 * 60 * 1000); // past the rate limit's window: reach the validation every time
        const res = await probe(server.client(), 'POST', `${A}/auth/login`, b);
        expect(res.status).not.toBe(200);
      }),
    );
  }, 300_000);

  it('POST /sync/push', async () => {
    const valid = () => ({
      protocolVersion: 1,
      clientId: randomUUID(),
      mutations: [{ seq: 1, mutationId: randomUUID(), name: 'visit.fail', args: {}, createdAt: TEST_NOW.toISOString() }],
    });
    const mutation = () => ({
      seq: 1,
      mutationId: randomUUID(),
      name: 'swap.complete',
      args: { workOrderId, completionId: randomUUID() },
      createdAt: TEST_NOW.toISOString(),
    });
    const nearMutation = nearValid(mutation).map((m) => ({ protocolVersion: 1, clientId: randomUUID(), mutations: [m] }));
    await run(
      fc.asyncProperty(
        fc.oneof(
          body(nearValid(valid)),
          nearMutation.map((v) => JSON.stringify(v)),
        ),
        async (b) => {
          await probe(tech1, 'POST', `${A}/sync/push`, b);
        },
      ),
    );
  }, 300_000);

  it('POST /sync/push: a faulty string in any text field of a swap rejects that mutation at that field, and the next one applies', async () => {
    const fields = [
      'handover.signerName',
      'handover.signerPhone',
      'handover.sealerName',
      'handover.cashless.provider',
      'notes',
      'gpsNote',
      'installed.model',
      'installed.poleBoxNo',
      'installed.seals.0.code',
      'removed.serial',
      'removed.serialMismatchNote',
      'installed.serial',
    ];
    await run(
      fc.asyncProperty(fc.constantFrom(...fields), faultyText, async (field, text) => {
        const device = new Device(tech1);
        const bad = device.mutation('swap.complete', withField({ ...swapArgs, completionId: randomUUID() }, field, text));
        const next = device.mutation('workOrder.start', { workOrderId, at: TEST_NOW.toISOString() });
        const res = await probe(
          tech1,
          'POST',
          `${A}/sync/push`,
          JSON.stringify({ protocolVersion: 1, clientId: device.clientId, mutations: [bad, next] }),
        );
        expect(res.status, res.text).toBe(200);
        const [first, second] = PushResponse.parse(res.json()).results;
        expect(first?.status).toBe('rejected');
        expect(first?.error?.errors).toContainEqual(expect.objectContaining({ path: field, code: TEXT_ISSUE_CODE }));
        expect(second?.status).toBe('applied');
      }),
    );
  }, 300_000);

  it('POST /sync/push: args nested deeper than the body limit are a 400 that consumes nothing; shallower ones a rejection', async () => {
    await run(
      fc.asyncProperty(deepJsonText, async (deep) => {
        const device = new Device(tech1);
        const mutation = device.mutation('visit.fail', {});
        const raw = JSON.stringify({ protocolVersion: 1, clientId: device.clientId, mutations: [mutation] }).replace('"args":{}', `"args":${deep}`);
        const res = await probe(tech1, 'POST', `${A}/sync/push`, raw);
        if (res.status === 200) {
          expect(PushResponse.parse(res.json()).results.map((r) => r.status)).toEqual(['rejected']);
        } else {
          expect(Problem.parse(res.json()).errors).toEqual([expect.objectContaining({ path: '(body)', code: 'too_deep' })]);
          expect((await device.push([{ ...mutation, args: {} }])).status).toBe(200); // seq 1 was not consumed
        }
      }),
    );
  }, 300_000);

  it('GET /work-orders: a query or commune with combining marks answers what its precomposed spelling answers', async () => {
    const communes = [
      ...new Set(
        seededWorkOrders(400)
          .filter((wo) => wo.province === 'Thanh Hóa')
          .map((wo) => wo.commune),
      ),
    ].slice(0, 8);
    const ids = async (query: string) => {
      const res = await probe(supervisor1, 'GET', `${A}/work-orders?${query}&limit=500`);
      expect(res.status, res.text).toBe(200);
      return WorkOrderListResponse.parse(res.json()).items.map((wo) => wo.id);
    };
    await run(
      fc.asyncProperty(
        fc.oneof(combiningText, fc.constantFrom(...communes)),
        fc.constantFrom('q', 'commune'),
        fc.constantFrom('NFD', 'NFKD'),
        async (text, name, form) => {
          const spelled = text.normalize(form);
          fc.pre(spelled.normalize('NFC') === text.normalize('NFC'));
          expect(await ids(`${name}=${encodeURIComponent(spelled)}`)).toEqual(await ids(`${name}=${encodeURIComponent(text.normalize('NFC'))}`));
        },
      ),
    );
  }, 300_000);

  it('POST /users and PATCH /users/:id', async () => {
    const valid = () => ({ username: 'fuzz_user', displayName: 'Nguyễn Văn Thử', role: 'technician', teamId: UUID, password: 'mat-khau-dai-123' });
    const patch = () => ({ displayName: 'Kỹ thuật viên', role: 'technician', teamId: UUID, active: true, password: 'x' });
    await run(
      fc.asyncProperty(body(nearValid(valid)), async (b) => {
        const res = await probe(admin, 'POST', `${A}/users`, b);
        expect(res.status).not.toBe(201); // the team does not exist: nothing near-valid may create a user
      }),
    );
    await run(
      fc.asyncProperty(fc.tuple(fc.oneof(fc.constant(tech2Id), pathSegment), body(nearValid(patch))), async ([id, b]) => {
        await probe(admin, 'PATCH', `${A}/users/${id}`, b);
      }),
    );
  }, 300_000);

  it('POST /assignments, POST /reviews/:id/resolve and POST /reviews/records/:workOrderId/decision', async () => {
    const valid = () => ({ workOrderIds: [...unassigned], technicianId: UUID });
    await run(
      fc.asyncProperty(body(nearValid(valid)), async (b) => {
        await probe(supervisor1, 'POST', `${A}/assignments`, b);
      }),
    );
    const resolve = () => ({ decision: 'return', note: '' });
    await run(
      fc.asyncProperty(fc.tuple(fc.oneof(fc.constant(UUID), pathSegment), body(nearValid(resolve))), async ([id, b]) => {
        await probe(supervisor1, 'POST', `${A}/reviews/${id}/resolve`, b);
      }),
    );
    const decideRecord = () => ({ decision: 'approve', note: '', reviewIds: [UUID] });
    await run(
      fc.asyncProperty(fc.tuple(fc.oneof(fc.constant(UUID), pathSegment), body(nearValid(decideRecord))), async ([id, b]) => {
        await probe(supervisor1, 'POST', `${A}/reviews/records/${id}/decision`, b);
      }),
    );
  }, 300_000);

  it('POST /work-orders/import (malformed CSV, dry run and not)', async () => {
    await run(
      fc.asyncProperty(
        fc.tuple(
          csvBody,
          fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'application/json', 'text/plain', 'multipart/form-data'),
          queryString(['dryRun', 'teamId']),
        ),
        async ([csv, type, query]) => {
          const res = await probe(supervisor1, 'POST', `${A}/work-orders/import?${query}`, csv, type);
          expect(res.status).not.toBe(200); // every generated file has an error: nothing is imported
        },
      ),
    );
  }, 300_000);

  it('POST /hes/meter-readings (XML and JSON, with a live token) and POST /hes/meter-readings/import (CSV)', async () => {
    const created = await admin.post(`${A}/api-tokens`, { name: 'HES fuzz' });
    expect(created.status).toBe(201);
    const { token } = created.json() as { token: string };
    const hes = server.client();
    const validJson = () => ({ readings: [{ serial: 'DT0000000001', readAt: TEST_NOW.toISOString(), total: 1 }] });
    await run(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(xmlBody, fc.constantFrom('application/xml', 'text/xml', 'text/xml; charset=utf-8')),
          fc.tuple(body(nearValid(validJson)), fc.constant('application/json')),
          fc.tuple(csvBody, fc.constantFrom('text/csv', 'multipart/form-data')),
        ),
        async ([raw, type]) => {
          const before = await fingerprint(db);
          const res = await hes.request('POST', `${A}/hes/meter-readings`, {
            body: raw,
            headers: { 'content-type': type, authorization: `Bearer ${token}` },
          });
          checkAnswer(`POST /hes/meter-readings ${type} ${raw.slice(0, 120)}`, res);
          if (res.status >= 400) {
            const after = await fingerprint(db);
            expect(
              Object.keys(before).filter((k) => before[k] !== after[k]),
              `${raw.slice(0, 120)} → ${res.status}`,
            ).toEqual([]);
          }
        },
      ),
    );
    await run(
      fc.asyncProperty(fc.tuple(csvBody, queryString(['dryRun', 'teamId'])), async ([csv, query]) => {
        await probe(supervisor1, 'POST', `${A}/hes/meter-readings/import?${query}`, csv, 'text/csv');
      }),
    );
  });

  it('POST /stock/import (malformed CSV), POST /stock/issue and POST /stock/return (near-valid bodies)', async () => {
    await run(
      fc.asyncProperty(
        fc.tuple(
          csvBody,
          fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'application/json', 'text/plain'),
          queryString(['dryRun', 'teamId']),
        ),
        async ([csv, type, query]) => {
          const res = await probe(supervisor1, 'POST', `${A}/stock/import?${query}`, csv, type);
          expect(res.status).not.toBe(200); // no generated file has a serial or seal column: nothing is imported
        },
      ),
    );
    const delivery =
      'serial,model,phases,manufacture_year,verified_on,seal_from,seal_to,seal_kind\r\nFZ000001,DDS26D,1,2026,2026-10-01,,,\r\n,,,,,FS000001,FS000020,box\r\n';
    const imported = await supervisor1.request('POST', `${A}/stock/import`, { body: delivery, headers: { 'content-type': 'text/csv' } });
    expect(imported.status, imported.text).toBe(200);
    const move = () => ({
      technicianId: tech2Id,
      meters: ['FZ000001'],
      meterRanges: [{ from: 'FZ000001', to: 'FZ000001' }],
      seals: ['FS000001'],
      sealRanges: [{ from: 'FS000002', to: 'FS000020' }],
      pliersNumber: 'K-1',
    });
    for (const path of ['/stock/issue', '/stock/return']) {
      await run(
        fc.asyncProperty(body(nearValid(move)), async (b) => {
          await probe(supervisor1, 'POST', `${A}${path}`, b);
        }),
      );
    }
    // Removed meters come back by serial or bag label (issue 16 §4): never issued, never half returned.
    const giveBack = () => ({ technicianId: tech2Id, removed: ['FZ-BAG-1', 'fz 000001'] });
    await run(
      fc.asyncProperty(
        fc.oneof(
          body(nearValid(giveBack)),
          fc.array(hostileString, { maxLength: 5 }).map((removed) => JSON.stringify({ technicianId: tech2Id, removed })),
        ),
        async (b) => {
          const res = await probe(supervisor1, 'POST', `${A}/stock/return`, b);
          expect(res.status).not.toBe(200); // nothing of it is with tech2
        },
      ),
    );
  }, 300_000);

  it('POST /sync/push: stock.void with near-valid args is applied or rejected at a field, never a 5xx', async () => {
    const valid = () => ({
      voidId: randomUUID(),
      kind: 'seal',
      code: 'FV-0001',
      reason: 'broken',
      note: 'Vỡ khi bấm kìm',
      photoIds: ['a'.repeat(64)],
      workOrderId,
      at: TEST_NOW.toISOString(),
    });
    await run(
      fc.asyncProperty(nearValid(valid), async (args) => {
        const device = new Device(tech1);
        const res = await probe(
          tech1,
          'POST',
          `${A}/sync/push`,
          JSON.stringify({ protocolVersion: 1, clientId: device.clientId, mutations: [device.mutation('stock.void', args)] }),
        );
        expect(res.status, res.text).toBe(200);
        const [result] = PushResponse.parse(res.json()).results;
        expect(['applied_with_conflict', 'rejected']).toContain(result?.status); // FV-0001 is nobody's stock
        if (result?.status === 'rejected') expect(result.error?.code).toMatch(/^(VALIDATION_FAILED|ID_ALREADY_USED)$/);
      }),
    );
  }, 300_000);

  it('PUT /photos/:photoId (random bytes, types and ids)', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.constant(jpeg(64).bytes),
      fc
        .constantFrom('<html><script>alert(1)</script></html>', '%PDF-1.4', 'GIF89a', 'RIFF\u0000\u0000\u0000\u0000WEBP')
        .map((s) => new TextEncoder().encode(s)),
    );
    const type = fc.constantFrom(
      'image/jpeg',
      'image/png',
      'image/webp',
      'image/svg+xml',
      'text/html',
      'application/octet-stream',
      'image/jpeg; x=1',
      '',
    );
    await run(
      fc.asyncProperty(fc.tuple(fc.oneof(pathSegment, fc.constant(jpeg(8).id)), bytes, type), async ([id, b, t]) => {
        const res = await probe(tech1, 'PUT', `${A}/photos/${id}`, b, t);
        expect(res.status).toBeGreaterThanOrEqual(400); // the id never is the body's hash
      }),
    );
  }, 300_000);

  it('GET, HEAD and DELETE with odd path parameters', async () => {
    const routes = ['/work-orders/', '/photos/', '/completions/', '/users/', '/reviews/'];
    await run(
      fc.asyncProperty(
        fc.tuple(fc.constantFrom(...routes), pathSegment, fc.constantFrom('', '/handover.pdf', '/resolve', '/..', '%2f..')),
        async ([route, id, tail]) => {
          await probe(supervisor1, 'GET', `${A}${route}${id}${tail}`);
          await probe(tech1, 'HEAD', `${A}${route}${id}${tail}`);
        },
      ),
    );
    await run(
      fc.asyncProperty(pathSegment, async (id) => {
        await probe(admin, 'DELETE', `${A}/users/${id}/sessions`);
      }),
    );
    // The well-formed ids still answer (the property above must not pass because everything is a 404).
    expect((await tech1.get(`${A}/work-orders/${workOrderId}`)).status).toBe(200);
    expect((await supervisor1.get(`${A}/completions/${reviewlessCompletion}/handover.pdf`)).status).toBe(200);
  }, 300_000);

  it('GET endpoints with hostile query strings', async () => {
    const endpoints: [HttpClient | (() => HttpClient), string, string[]][] = [
      [() => supervisor1, '/work-orders', ['q', 'status', 'teamId', 'assigneeId', 'commune', 'limit', 'cursor', 'sort', 'plannedFrom', 'plannedTo']],
      [() => supervisor1, '/work-orders/map', ['bbox', 'q', 'status', 'teamId', 'assigneeId']],
      [() => supervisor1, '/reviews', ['status', 'workOrderId', 'limit', 'cursor']],
      [() => supervisor1, '/reviews/records', ['status', 'workOrderId', 'limit', 'cursor']],
      [() => supervisor1, '/reports/progress', ['from', 'to', 'teamId', 'groupBy']],
      [() => supervisor1, '/reports/sync-backlog', ['teamId']],
      [() => supervisor1, '/exports/completions.csv', ['from', 'to', 'teamId', 'status']],
      [() => tech1, '/sync/pull', ['clientId', 'cursor', 'limit', 'pendingRecords', 'pendingPhotos']],
      [() => supervisor1, '/stock/items', ['holder', 'kind', 'teamId', 'q', 'limit', 'cursor']],
      [() => tech1, '/stock/items', ['holder', 'kind', 'teamId', 'q', 'limit', 'cursor']],
      [() => supervisor1, '/stock/summary', ['teamId']],
      [() => supervisor1, '/stock/reconciliation', ['date', 'teamId', 'technicianId', 'returnDays']],
      [() => admin, '/stock/reconciliation.csv', ['date', 'teamId', 'technicianId', 'returnDays']],
      [() => admin, '/audit-log', ['actorId', 'action', 'entity', 'entityId', 'from', 'to', 'limit', 'cursor']],
    ];
    for (const [client, path, names] of endpoints) {
      const c = typeof client === 'function' ? client() : client;
      await run(
        fc.asyncProperty(queryString(names), async (query) => {
          await probe(c, 'GET', `${A}${path}?${query}`);
        }),
      );
    }
  }, 600_000);
});
