import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paddedJpeg } from '../../scripts/testImages';
import { createScratchDatabase, freePort, ServerProcess, type ScratchDatabase } from './clusterProcesses';

/**
 * Photo uploads committed in groups (server/services/photoCommits.ts), against a real server process that is
 * SIGKILLed while a device has many uploads on the wire: every photo answered 2xx before the kill is there
 * afterwards with its bytes, nothing half-written is visible, and sending everything again (what the device does
 * after a cut) ends with every photo stored exactly once. On SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
const PHOTOS = 48;
const IN_FLIGHT = 8;

const pgUrl = process.env.TEST_DATABASE_URL;
const backends = pgUrl === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const);

for (const backend of backends) {
  describe(`photo uploads when the server is killed mid-group (${backend})`, () => {
    let dataDir: string;
    let scratch: ScratchDatabase | null = null;
    let server: ServerProcess;
    let cookie = '';

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'upload-crash-'));
      if (backend === 'postgres' && pgUrl !== undefined) scratch = await createScratchDatabase(pgUrl, `upload_crash_${process.pid}`);
      server = new ServerProcess(await freePort(), { DATA_DIR: dataDir, DATABASE_URL: scratch?.url, DEMO: '1', LOG_LEVEL: 'error' });
      await server.start();
      const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.baseUrl },
        body: JSON.stringify({ username: 'tech1', password: 'demo1234' }),
      });
      expect(login.status).toBe(200);
      cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    }, 120_000);

    afterAll(async () => {
      await server.stop();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const put = async (bytes: Uint8Array, id: string): Promise<number | 'cut'> => {
      try {
        const res = await fetch(`${server.baseUrl}/api/v1/photos/${id}`, {
          method: 'PUT',
          headers: { cookie, 'content-type': 'image/jpeg' },
          body: Buffer.from(bytes),
        });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return 'cut';
      }
    };

    /** Sends each photo, IN_FLIGHT at a time (the server takes 8 uploads at once per user), answers in order. */
    const sendAll = async (photos: readonly { bytes: Uint8Array; id: string }[]): Promise<(number | 'cut')[]> => {
      const statuses: (number | 'cut')[] = [];
      for (let i = 0; i < photos.length; i += IN_FLIGHT) {
        statuses.push(...(await Promise.all(photos.slice(i, i + IN_FLIGHT).map((p) => put(p.bytes, p.id)))));
      }
      return statuses;
    };

    it('keeps every acknowledged photo, shows nothing half-written, and stores each exactly once after the resend', async () => {
      const photos = Array.from({ length: PHOTOS }, () => {
        const bytes = paddedJpeg(160 * 1024);
        return { bytes, id: createHash('sha256').update(bytes).digest('hex') };
      });
      const answers = new Map<string, number | 'cut'>();
      let next = 0;
      const killed: { done: Promise<void> | null } = { done: null };
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          for (;;) {
            const photo = photos[next++];
            if (photo === undefined) return;
            const answer = await put(photo.bytes, photo.id);
            answers.set(photo.id, answer);
            // A quarter of the way in, with uploads on the wire and groups being committed: SIGKILL.
            if (answers.size === PHOTOS / 4) killed.done ??= server.kill();
            if (answer === 'cut') return;
          }
        }),
      );
      await killed.done;
      const acknowledged = photos.filter((p) => answers.get(p.id) === 201);
      expect(acknowledged.length).toBeGreaterThanOrEqual(PHOTOS / 4);
      expect(acknowledged.length).toBeLessThan(PHOTOS);

      await server.start();
      // Acknowledged before the kill: there, with the bytes that hash to the id. Any other photo is there whole, or not at all.
      for (const photo of photos) {
        const res = await fetch(`${server.baseUrl}/api/v1/photos/${photo.id}`, { headers: { cookie } });
        const body = Buffer.from(await res.arrayBuffer());
        expect(res.status).toBe(acknowledged.includes(photo) || res.status === 200 ? 200 : 404);
        if (res.status === 200) expect(createHash('sha256').update(body).digest('hex')).toBe(photo.id);
      }
      // Everything sent again, as the device's queue does after a cut: the acknowledged ones are found (200); the
      // others are stored now (201), or found when their bytes and rows had committed just before the kill (200).
      const resent = await sendAll(photos);
      expect(resent.filter((s) => s !== 200 && s !== 201)).toEqual([]);
      expect(photos.filter((p, i) => answers.get(p.id) === 201 && resent[i] !== 200)).toEqual([]);
      for (const photo of photos) {
        const res = await fetch(`${server.baseUrl}/api/v1/photos/${photo.id}`, { method: 'HEAD', headers: { cookie } });
        expect(res.status).toBe(200);
      }
      // Exactly once: a third send of everything creates nothing.
      expect(new Set(await sendAll(photos))).toEqual(new Set([200]));
    }, 180_000);

    it('answers the same bytes sent eight times at once with one 201 and seven 200s', async () => {
      const bytes = paddedJpeg(64 * 1024);
      const id = createHash('sha256').update(bytes).digest('hex');
      const statuses = await Promise.all(Array.from({ length: 8 }, () => put(bytes, id)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    });
  });
}
