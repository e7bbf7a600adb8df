import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { NewWorkOrder } from '../../server/store/records';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { expectProblem } from './problems';
import { completeOne, resolveOk } from './reviewFixtures';
import { detailOf, Device, FreshWorkOrders, jpeg, photoPath, swapFor, upload, visitFor, type Photo } from './syncFixtures';

const pdfPath = (id: string) => `/api/v1/completions/${id}/handover.pdf`;
/** A photo id nobody ever uploaded. */
const NEVER_UPLOADED = 'f'.repeat(64);

/**
 * A photo's id is its SHA-256 (design §5), so anyone who learns it can quote it. Quoting is not having: a record's
 * photo reference grants sight of the photo only when the record's technician uploaded those bytes (issue 13 §8).
 */
describe.each(backends)('photo references count only for the technician’s own uploads (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let tech4: HttpClient;
  let supervisor2: HttpClient;
  let thanhHoa: FreshWorkOrders;
  let caMau: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    tech4 = await server.login('tech4');
    supervisor2 = await server.login('supervisor2');
    thanhHoa = new FreshWorkOrders(server, await server.login('supervisor1'));
    caMau = new FreshWorkOrders(server, supervisor2, 'Cà Mau');
  });
  afterAll(async () => {
    await server.close();
  });

  /** tech1 (Thanh Hóa) completes a swap with every photo uploaded: the evidence the other team must not reach. */
  async function thanhHoaPhotos(): Promise<{ removed: Photo; installed: Photo; signature: Photo }> {
    const [wo] = await thanhHoa.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const swap = swapFor(wo);
    const [removed, installed, signature] = swap.photos;
    if (!removed || !installed || !signature) throw new Error('no photos');
    for (const photo of swap.photos) expect((await upload(tech1, photo)).status).toBe(201);
    expect((await new Device(tech1).send('swap.complete', swap.args)).status).toBe('applied');
    return { removed, installed, signature };
  }

  /** tech4 (Cà Mau) completes one of his own orders quoting the given photo ids instead of his own. */
  async function quotingSwap(ids: { removed: string; installed: string; signature: string }): Promise<{ wo: NewWorkOrder; args: SwapCompleteArgs }> {
    const [wo] = await caMau.assignedTo('tech4');
    if (!wo) throw new Error('no order');
    const { args } = swapFor(wo);
    const quoting: SwapCompleteArgs = {
      ...args,
      removed: { ...args.removed, photoIds: [ids.removed] },
      installed: { ...args.installed, photoIds: [ids.installed] },
      handover: { ...args.handover, signaturePhotoId: ids.signature },
    };
    // Field evidence is never refused for what it claims (design §6): the completion itself is kept.
    expect((await new Device(tech4).send('swap.complete', quoting)).status).toBe('applied');
    return { wo, args: quoting };
  }

  const mediaStatus = async (completionId: string) => (await server.store.completions.findById(completionId))?.mediaStatus;

  /** What a caller learns from an answer: status, type and body (the problem for GET, nothing for HEAD). */
  const seen = (res: TestResponse) => ({ status: res.status, type: res.headers.get('content-type'), body: res.text });

  it('keeps a completion quoting another team’s photo hashes, but shows its technician and his supervisor none of them', async () => {
    const theirs = await thanhHoaPhotos();
    const { wo, args } = await quotingSwap({ removed: theirs.removed.id, installed: theirs.installed.id, signature: theirs.signature.id });

    for (const [username, client] of [
      ['tech4', tech4],
      ['supervisor2', supervisor2],
    ] as const) {
      for (const photo of Object.values(theirs)) {
        expectProblem(await client.get(photoPath(photo.id)), 404, 'NOT_FOUND');
        expect((await client.head(photoPath(photo.id))).status, username).toBe(404);
      }
    }
    // The record waits for its technician's own photos; its media status tells nothing about the quoted ones.
    expect(await mediaStatus(args.completionId)).toBe('partial');
    expect((await detailOf(tech4, wo.id)).completions[0]?.mediaStatus).toBe('partial');
    // The handover record prints them as not received instead of embedding them.
    const pdf = await tech4.get(pdfPath(args.completionId));
    expect(pdf.status, pdf.text).toBe(200);
    expect(Buffer.from(pdf.bytes).toString('latin1')).not.toMatch(/\/Subtype \/Image/);
    // The team that took them still sees them.
    expect((await tech1.get(photoPath(theirs.signature.id))).status).toBe(200);
    expect((await (await server.login('supervisor1')).get(photoPath(theirs.removed.id))).status).toBe(200);
  });

  it('answers HEAD and GET of a photo one may not see exactly as for one that does not exist, for every role', async () => {
    const theirs = await thanhHoaPhotos();
    await quotingSwap({ removed: theirs.removed.id, installed: theirs.installed.id, signature: theirs.signature.id });
    // A failed visit quoting one too.
    const [visited] = await caMau.assignedTo('tech4');
    if (!visited) throw new Error('no order');
    expect((await new Device(tech4).send('visit.fail', visitFor(visited, [theirs.installed]))).status).toBe('applied');

    for (const username of ['tech4', 'supervisor2', 'tech2', 'tech6']) {
      const client = await server.login(username);
      for (const photo of Object.values(theirs)) {
        expect(seen(await client.head(photoPath(photo.id))), `HEAD by ${username}`).toEqual(seen(await client.head(photoPath(NEVER_UPLOADED))));
        expect(seen(await client.get(photoPath(photo.id))), `GET by ${username}`).toEqual(seen(await client.get(photoPath(NEVER_UPLOADED))));
      }
    }
  });

  it('completes a reference when its technician uploads the same bytes himself, and then his supervisor sees the photo', async () => {
    // Identical bytes from two technicians (content-addressed: stored once, every uploader recorded).
    const theirs = await thanhHoaPhotos();
    const { args } = await quotingSwap({ removed: theirs.removed.id, installed: theirs.installed.id, signature: theirs.signature.id });
    expect(await mediaStatus(args.completionId)).toBe('partial');

    expect((await upload(tech4, theirs.removed)).status).toBe(200);
    expect((await upload(tech4, theirs.installed)).status).toBe(200);
    expect(await mediaStatus(args.completionId)).toBe('partial');
    expect((await upload(tech4, theirs.signature)).status).toBe(200);
    expect(await mediaStatus(args.completionId)).toBe('complete');
    for (const photo of Object.values(theirs)) {
      expect((await supervisor2.get(photoPath(photo.id))).status).toBe(200);
      expect((await tech4.head(photoPath(photo.id))).status).toBe(200);
    }
  });

  it('never completes a reference with a photo somebody else uploads later', async () => {
    const later = { removed: jpeg(), installed: jpeg(), signature: jpeg() };
    const { args } = await quotingSwap({ removed: later.removed.id, installed: later.installed.id, signature: later.signature.id });
    for (const photo of Object.values(later)) expect((await upload(tech1, photo)).status).toBe(201);

    expect(await mediaStatus(args.completionId)).toBe('partial');
    for (const photo of Object.values(later)) {
      expect((await tech4.head(photoPath(photo.id))).status).toBe(404);
      expectProblem(await supervisor2.get(photoPath(photo.id)), 404, 'NOT_FOUND');
    }
    // Its own technician's upload still completes it.
    for (const photo of Object.values(later)) expect((await upload(tech4, photo)).status).toBe(200);
    expect(await mediaStatus(args.completionId)).toBe('complete');
  });

  it('grants nothing through a correction (completion.amend) quoting another team’s photo', async () => {
    const theirs = await thanhHoaPhotos();
    const [wo] = await caMau.assignedTo('tech4');
    if (!wo) throw new Error('no order');
    const device = new Device(tech4);
    const { swap, item } = await completeOne(server, device, wo, supervisor2, { removedSerial: 'GO-NHAM-01' });
    await resolveOk(supervisor2, item.id, { decision: 'return', note: 'Chụp lại ảnh công tơ tháo' });
    const patch = { removed: { ...swap.args.removed, serial: wo.oldMeterSerial, serialMatches: true, photoIds: [theirs.removed.id] } };
    const amended = await device.send('completion.amend', {
      completionId: swap.args.completionId,
      workOrderId: wo.id,
      patch,
      reason: 'Đã chụp lại',
      at: server.clock.now().toISOString(),
    });
    expect(amended.status).toBe('applied');

    expect(await mediaStatus(swap.args.completionId)).toBe('partial');
    expectProblem(await supervisor2.get(photoPath(theirs.removed.id)), 404, 'NOT_FOUND');
    expect((await tech4.head(photoPath(theirs.removed.id))).status).toBe(404);
    // The photos tech4 did upload for this record stay visible to his supervisor.
    const [own] = swap.args.installed.photoIds;
    expect((await supervisor2.get(photoPath(own ?? ''))).status).toBe(200);
  });
});
