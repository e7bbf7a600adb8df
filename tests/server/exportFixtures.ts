import { deflateSync } from 'node:zlib';
import { expect } from 'vitest';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { NewWorkOrder } from '../../server/store/records';
import { TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { Device, type Photo } from './syncFixtures';
import { createHash } from 'node:crypto';

/** A work order of `teamOf`'s team with the given fields, written straight into the store (unassigned). */
export async function insertWorkOrder(
  server: TestServer,
  teamOf: string,
  fields: Partial<NewWorkOrder> & Pick<NewWorkOrder, 'id' | 'code'>,
): Promise<NewWorkOrder> {
  const teamId = (await server.store.users.findByUsername(teamOf))?.teamId ?? null;
  const at = TEST_NOW.toISOString();
  const wo: NewWorkOrder = {
    customerCode: 'PA07XY0001234',
    customerName: 'Khách hàng',
    phone: null,
    address: 'Thôn 1',
    commune: 'Xã Quảng Phú',
    district: null,
    province: 'Thanh Hóa',
    lat: 19.8,
    lng: 105.78,
    stationCode: null,
    routeCode: null,
    routeOrder: null,
    phases: 1,
    oldMeterSerial: '00123456',
    oldMeterType: null,
    lastBilledReading: 1200,
    reason: null,
    plannedDate: null,
    status: 'unassigned',
    assigneeId: null,
    version: 1,
    teamId,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
  await server.store.workOrders.insertMany([wo]);
  return wo;
}

/** Assigns through the API (as a supervisor does), then completes through the push endpoint (as the device does). */
export async function completeThroughApi(
  server: TestServer,
  supervisor: HttpClient,
  technician: string,
  wo: NewWorkOrder,
  args: SwapCompleteArgs,
): Promise<void> {
  const tech = await server.login(technician);
  const assigned = await supervisor.post('/api/v1/assignments', {
    workOrderIds: [wo.id],
    technicianId: await server.userId(technician),
    plannedDate: '2026-11-24',
  });
  expect(assigned.status, assigned.text).toBe(200);
  const result = await new Device(tech).send('swap.complete', args);
  expect(result.status, JSON.stringify(result)).toMatch(/^applied/);
}

/** Sets the work order's status as a supervisor's review would (the review flow has its own tests). */
export async function setStatus(server: TestServer, workOrderId: string, status: 'approved' | 'returned'): Promise<void> {
  const wo = await server.store.workOrders.findById(workOrderId);
  if (!wo) throw new Error(`no work order ${workOrderId}`);
  await server.store.workOrders.updateState(wo.id, { status, assigneeId: wo.assigneeId, version: wo.version + 1, updatedAt: TEST_NOW.toISOString() });
}

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real (decodable) RGB PNG of one colour, so pdfkit embeds it as an image. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Photo {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const bytes = new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', pixels),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
  return { id: createHash('sha256').update(bytes).digest('hex'), bytes };
}
