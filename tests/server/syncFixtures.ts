import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { AssignResponse } from '../../src/domain/workOrder/assignments';
import {
  PushResponse,
  type MutationEnvelope,
  type MutationResult,
  type SwapCompleteArgs,
  type VisitFailArgs,
} from '../../src/domain/protocol/mutations';
import { WorkOrderDetail } from '../../src/domain/workOrder/workOrderDetail';
import type { NewWorkOrder } from '../../server/store/records';
import { unassignedIn } from './demoData';
import { paddedJpeg, paddedPng, paddedWebp } from '../../scripts/testImages';
import { PHOTO_BATCH_CONTENT_TYPE } from '../../src/domain/capture/photos';
import { TEST_NOW, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';

export interface Photo {
  id: string;
  bytes: Uint8Array;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function photoOf(...parts: Uint8Array[]): Photo {
  const bytes = new Uint8Array(Buffer.concat(parts));
  return { id: sha256(bytes), bytes };
}

/** A real JPEG of about `size` bytes, padded with random comments: each one is a new photo that passes the image check. */
export const jpeg = (size = 2048): Photo => photoOf(paddedJpeg(size));
export const png = (size = 2048): Photo => photoOf(paddedPng(size));
export const webp = (size = 2048): Photo => photoOf(paddedWebp(size));

export const photoPath = (id: string) => `/api/v1/photos/${id}`;

export async function upload(client: HttpClient, photo: Photo, contentType = 'image/jpeg'): Promise<TestResponse> {
  return client.put(photoPath(photo.id), photo.bytes, contentType);
}

/** The body of `POST /api/v1/photos`: the manifest line, then the photos' bytes back to back. */
export function photoBatchBody(photos: readonly (Photo & { type?: string; declared?: number })[]): Uint8Array {
  const manifest = { photos: photos.map((p) => ({ id: p.id, type: p.type ?? 'image/jpeg', bytes: p.declared ?? p.bytes.length })) };
  return new Uint8Array(Buffer.concat([Buffer.from(`${JSON.stringify(manifest)}\n`), ...photos.map((p) => p.bytes)]));
}

export async function uploadBatch(client: HttpClient, photos: readonly (Photo & { type?: string; declared?: number })[]): Promise<TestResponse> {
  return client.request('POST', '/api/v1/photos', { body: photoBatchBody(photos), headers: { 'content-type': PHOTO_BATCH_CONTENT_TYPE } });
}

/** A new meter serial nobody has installed yet. */
export const newSerial = () => `DT${randomBytes(5).toString('hex').toUpperCase()}`;

export interface Swap {
  args: SwapCompleteArgs;
  /** Every photo the completion references: removed, installed, signature. */
  photos: Photo[];
}

export interface SwapOverrides {
  removedSerial?: string;
  installedSerial?: string;
  finalReading?: number;
  completionId?: string;
}

/** A valid completion of `wo` by the book: matching serial, reading above the last billed one, GPS on site. */
export function swapFor(wo: NewWorkOrder, overrides: SwapOverrides = {}): Swap {
  const removedPhoto = jpeg();
  const installedPhoto = jpeg();
  const signature = png(512);
  const at = TEST_NOW.toISOString();
  return {
    photos: [removedPhoto, installedPhoto, signature],
    args: {
      completionId: overrides.completionId ?? randomUUID(),
      workOrderId: wo.id,
      baseVersion: 2,
      removed: {
        serial: overrides.removedSerial ?? wo.oldMeterSerial,
        serialMatches: overrides.removedSerial === undefined,
        readings: { total: overrides.finalReading ?? (wo.lastBilledReading ?? 0) + 125.5 },
        sealCondition: 'intact',
        photoIds: [removedPhoto.id],
      },
      installed: {
        serial: overrides.installedSerial ?? newSerial(),
        model: 'DDS26-D',
        readings: { total: 0.3 },
        seals: [{ code: 'TC-102938', beads: 2 }],
        photoIds: [installedPhoto.id],
      },
      gps: { lat: wo.lat, lng: wo.lng, accuracyM: 8, at },
      handover: {
        signerName: 'Nguyễn Thị Hoa',
        signerRole: 'customer',
        signaturePhotoId: signature.id,
        cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
      },
      completedAt: at,
    },
  };
}

export function visitFor(wo: NewWorkOrder, photos: Photo[] = [jpeg()]): VisitFailArgs {
  const at = TEST_NOW.toISOString();
  return {
    visitId: randomUUID(),
    workOrderId: wo.id,
    reason: 'KV01',
    note: 'Gọi hai lần, không ai nghe máy',
    photoIds: photos.map((p) => p.id),
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 12, at },
    called: true,
    at,
  };
}

/** One device: a client id and the next seq of its outbox. */
export class Device {
  readonly clientId: string = randomUUID();
  private nextSeq = 1;

  constructor(readonly http: HttpClient) {}

  /** The next outbox row (consumes a seq). */
  mutation(name: string, args: unknown): MutationEnvelope {
    return { seq: this.nextSeq++, mutationId: randomUUID(), name, args, createdAt: TEST_NOW.toISOString() };
  }

  push(mutations: MutationEnvelope[], clientId = this.clientId): Promise<TestResponse> {
    return this.http.post('/api/v1/sync/push', { protocolVersion: 1, clientId, mutations });
  }

  async pushOk(mutations: MutationEnvelope[]): Promise<PushResponse> {
    const res = await this.push(mutations);
    expect(res.status, res.text).toBe(200);
    return PushResponse.parse(res.json());
  }

  /** Pushes one new mutation and answers its result. */
  async send(name: string, args: unknown): Promise<MutationResult> {
    const response = await this.pushOk([this.mutation(name, args)]);
    const [result] = response.results;
    if (!result) throw new Error('no result');
    return result;
  }
}

/** Hands out unassigned seeded work orders of one province, each at most once per server. */
export class FreshWorkOrders {
  private next = 0;
  private readonly pool: NewWorkOrder[];

  constructor(
    private readonly server: TestServer,
    private readonly supervisor: HttpClient,
    province = 'Thanh Hóa',
  ) {
    this.pool = unassignedIn(province, 400);
  }

  take(count: number): NewWorkOrder[] {
    const taken = this.pool.slice(this.next, this.next + count);
    this.next += count;
    if (taken.length < count) throw new Error('out of fresh work orders');
    return taken;
  }

  /** Fresh work orders assigned to `username` through the API, as a supervisor does. */
  async assignedTo(username: string, count = 1): Promise<NewWorkOrder[]> {
    const orders = this.take(count);
    await reassign(this.supervisor, orders, await this.server.userId(username));
    return orders;
  }
}

export async function reassign(supervisor: HttpClient, orders: readonly NewWorkOrder[], technicianId: string): Promise<void> {
  const res = await supervisor.post('/api/v1/assignments', { workOrderIds: orders.map((o) => o.id), technicianId });
  expect(res.status, res.text).toBe(200);
  AssignResponse.parse(res.json());
}

export async function detailOf(client: HttpClient, workOrderId: string): Promise<WorkOrderDetail> {
  const res = await client.get(`/api/v1/work-orders/${workOrderId}`);
  expect(res.status, res.text).toBe(200);
  return WorkOrderDetail.parse(res.json());
}
