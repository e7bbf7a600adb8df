import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderBlobStore } from '../../server/blobs/folderBlobStore';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import {
  blankRgbaPng,
  jpegWithLateFrame,
  jpegWithStrayByte,
  pngCutShort,
  pngInflatingPastHeader,
  pngWithBadImageData,
} from '../../scripts/testImages';
import { completeThroughApi, insertWorkOrder } from './exportFixtures';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { pdfText } from './pdfText';
import { expectProblem } from './problems';
import { upload, type Photo } from './syncFixtures';

const photoOf = (bytes: Uint8Array): Photo => ({ id: createHash('sha256').update(bytes).digest('hex'), bytes });
const pdfPath = (id: string) => `/api/v1/completions/${id}/handover.pdf`;

describe.each(backends)('images that once crashed or froze the server (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let supervisor1: HttpClient;
  let badZlib: Photo;
  let huge: Photo;
  let lateFrame: Photo;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200 });
    tech1 = await server.login('tech1');
    supervisor1 = await server.login('supervisor1');
    badZlib = photoOf(pngWithBadImageData());
    huge = photoOf(await blankRgbaPng(10_000, 10_000));
    lateFrame = photoOf(jpegWithLateFrame(300 * 1024));
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('refuses at upload a PNG with whole chunks but image data that is not zlib data: 422 PHOTO_UNREADABLE, nothing stored', async () => {
    expectProblem(await upload(tech1, badZlib, 'image/png'), 422, 'PHOTO_UNREADABLE');
    expect(await server.store.photos.findById(badZlib.id)).toBeUndefined();
  });

  it('refuses at upload a 390 KB PNG of 10,000 × 10,000 RGBA pixels: 413 PAYLOAD_TOO_LARGE', async () => {
    expect(huge.bytes.length).toBeLessThan(400 * 1024);
    expectProblem(await upload(tech1, huge, 'image/png'), 413, 'PAYLOAD_TOO_LARGE');
    expect(await server.store.photos.findById(huge.id)).toBeUndefined();
  });

  it('reads a JPEG frame header wherever it is: 65,535² after 300 KB of comments is refused, 8 × 8 there is taken', async () => {
    expectProblem(await upload(tech1, lateFrame, 'image/jpeg'), 413, 'PAYLOAD_TOO_LARGE');
    expect(await server.store.photos.findById(lateFrame.id)).toBeUndefined();
    const fine = photoOf(jpegWithLateFrame(300 * 1024, 8, 8));
    expect((await upload(tech1, fine, 'image/jpeg')).status).toBe(201);
  });

  it('refuses a PNG cut short, a bomb whose data inflates past its header, and a JPEG with a stray byte between segments', async () => {
    expectProblem(await upload(tech1, photoOf(pngCutShort()), 'image/png'), 422, 'PHOTO_UNREADABLE');
    expectProblem(await upload(tech1, photoOf(pngInflatingPastHeader()), 'image/png'), 422, 'PHOTO_UNREADABLE');
    expectProblem(await upload(tech1, photoOf(jpegWithStrayByte()), 'image/jpeg'), 422, 'PHOTO_UNREADABLE');
  });

  it('draws a PDF of a record whose stored images predate the check, in a loop, without the process falling over', async () => {
    // Stored before the upload check existed: straight into the blob store, as old data would be.
    const blobs = createFolderBlobStore(server.blobDir);
    const tech1Id = await server.userId('tech1');
    const receivedAt = server.clock.now().toISOString();
    for (const [photo, mime] of [
      [badZlib, 'image/png'],
      [huge, 'image/png'],
      [lateFrame, 'image/jpeg'],
    ] as const) {
      const writer = await blobs.begin(photo.id);
      await writer.write(photo.bytes);
      await writer.commit();
      await server.store.photos.insertMissing({ id: photo.id, bytes: photo.bytes.length, mime, uploadedBy: tech1Id, receivedAt });
      await server.store.photos.addUploader(photo.id, tech1Id, receivedAt);
    }
    const wo = await insertWorkOrder(server, 'supervisor1', { id: randomUUID(), code: 'TT-BAD-IMG-1' });
    const completionId = randomUUID();
    const at = server.clock.now().toISOString();
    const args: SwapCompleteArgs = {
      completionId,
      workOrderId: wo.id,
      baseVersion: 2,
      removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: 1300 }, sealCondition: 'intact', photoIds: [huge.id] },
      installed: { serial: 'DTBADIMG01', readings: { total: 0.1 }, seals: [{ code: 'TC-1', beads: 2 }], photoIds: [lateFrame.id] },
      gps: { lat: wo.lat, lng: wo.lng, accuracyM: 5, at },
      handover: {
        signerName: 'Khách hàng',
        signerRole: 'customer',
        signaturePhotoId: badZlib.id,
        cashless: { currentMethod: 'cash', consent: false },
      },
      completedAt: at,
    };
    await completeThroughApi(server, supervisor1, 'tech1', wo, args);

    let healthAnswers = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const res = await server.client().get('/api/v1/health');
        expect(res.status).toBe(200);
        healthAnswers++;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    try {
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all([0, 1, 2].map(() => supervisor1.get(pdfPath(completionId))));
        for (const res of answers) {
          expect(res.status, res.text).toBe(200);
          const text = pdfText(Buffer.from(res.bytes));
          expect(text).toContain('BIÊN BẢN TREO THÁO CÔNG TƠ');
          // Each of the three is drawn as a placeholder, never decoded.
          expect(text.replace(/\s+/g, ' ').split('(ảnh không hiển thị được trong PDF)').length - 1).toBe(3);
        }
      }
    } finally {
      polling = false;
      await poll;
    }
    expect(healthAnswers).toBeGreaterThan(0);
    expect((await server.client().get('/api/v1/health')).status).toBe(200);
  }, 120_000);
});
