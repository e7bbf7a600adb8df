import type { Page } from '@playwright/test';
import { TINY_JPEG } from '../../scripts/testImages';

export interface Written {
  workOrderId: string;
  completionId: string;
  photoIds: string[];
}

export interface SwapsOffline {
  written: Written[];
  /** JSON bytes of the swap.complete args written. */
  recordBytes: number;
  photoBytes: number;
}

export interface WriteOptions {
  /** Skip this many assigned work orders (by id) before the first written. */
  skip?: number;
  count?: number;
  /** Photos per swap (at least 3): the removed meter's, the installed meter's, and the signature last (all JPEG). */
  photos?: number;
  /** Size of each photo in bytes (a real JPEG padded with random comments, so incompressible). */
  photoBytes?: number;
}

/**
 * Writes completed swaps (on consecutive assigned work orders by id) the way the capture command does (photos +
 * outbox row with the next seq, in one IndexedDB transaction per swap), straight into the signed-in user's
 * database: the same shapes, without the UI steps. Used by the sync journeys and by bench/backlog.ts.
 */
export async function writeSwapsOffline(page: Page, options: WriteOptions = {}): Promise<SwapsOffline> {
  const { skip = 0, count = 1, photos = 3, photoBytes = 4096 } = options;
  return page.evaluate(
    async ({ skip, count, photos, photoBytes, tinyJpeg }) => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '');
      const name = names.find((n) => n.startsWith('meterswap-user-'));
      if (name === undefined) throw new Error('no user database');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error(String(open.error)));
      });
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(new Error(String(r.error)));
        });
      const orders = (await request(db.transaction('workOrders').objectStore('workOrders').getAll())) as {
        id: string;
        status: string;
        version: number;
        oldMeterSerial: string;
        lastBilledReading: number | null;
        lat: number;
        lng: number;
      }[];
      const chosen = orders
        .filter((o) => o.status === 'assigned')
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(skip, skip + count);
      if (chosen.length < count) throw new Error(`only ${chosen.length} assigned work orders on the device`);
      const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
      // A real JPEG (the server checks every image) of photoBytes bytes: SOI, comment segments of random bytes, the rest of a tiny JPEG.
      const photo = async () => {
        const bytes = new Uint8Array(Math.max(photoBytes, tinyJpeg.length + 5));
        crypto.getRandomValues(bytes.subarray(0, Math.min(bytes.length, 65536)));
        for (let o = 65536; o < bytes.length; o += 65536) crypto.getRandomValues(bytes.subarray(o, Math.min(bytes.length, o + 65536)));
        bytes.set([0xff, 0xd8], 0);
        let at = 2;
        let left = bytes.length - tinyJpeg.length;
        while (left > 0) {
          let payload = Math.min(65533, left - 4);
          if (left - (payload + 4) > 0 && left - (payload + 4) < 5) payload -= 5;
          bytes.set([0xff, 0xfe, ((payload + 2) >> 8) & 0xff, (payload + 2) & 0xff], at);
          at += 4 + payload;
          left -= 4 + payload;
        }
        bytes.set(tinyJpeg.slice(2), at);
        return { bytes: bytes.buffer, id: hex(await crypto.subtle.digest('SHA-256', bytes)), mime: 'image/jpeg' };
      };
      const written: { workOrderId: string; completionId: string; photoIds: string[] }[] = [];
      let recordBytes = 0;
      for (const wo of chosen) {
        const shots = [];
        for (let p = 0; p < photos - 1; p++) shots.push(await photo());
        const signature = await photo();
        const removedCount = Math.floor((photos - 1) / 2);
        const at = new Date().toISOString();
        const completionId = crypto.randomUUID();
        const args = {
          completionId,
          workOrderId: wo.id,
          baseVersion: wo.version,
          removed: {
            serial: wo.oldMeterSerial,
            serialMatches: true,
            readings: { total: (wo.lastBilledReading ?? 0) + 42 },
            sealCondition: 'intact',
            photoIds: shots.slice(0, removedCount).map((s) => s.id),
          },
          installed: {
            serial: `E2E${hex(crypto.getRandomValues(new Uint8Array(5)).buffer).toUpperCase()}`,
            readings: { total: 0.2 },
            seals: [{ code: 'TC-9', beads: 2 }],
            photoIds: shots.slice(removedCount).map((s) => s.id),
          },
          gps: { lat: wo.lat, lng: wo.lng, accuracyM: 6, at },
          handover: {
            signerName: 'Lê Thị Mai',
            signerRole: 'customer',
            signaturePhotoId: signature.id,
            cashless: { currentMethod: 'cash', consent: true },
          },
          completedAt: at,
        };
        recordBytes += JSON.stringify(args).length;
        const tx = db.transaction(['outbox', 'meta', 'photos', 'photoBytes'], 'readwrite', { durability: 'strict' });
        const meta = (await request(tx.objectStore('meta').get('sync'))) as { nextSeq: number };
        tx.objectStore('outbox').add({
          seq: meta.nextSeq,
          mutationId: crypto.randomUUID(),
          name: 'swap.complete',
          args,
          createdAt: at,
          status: 'pending',
        });
        tx.objectStore('meta').put({ ...meta, nextSeq: meta.nextSeq + 1 });
        for (const p of [...shots, signature]) {
          // As the app stores a photo (src/local/photoStore.ts): the bytes in their own store, the small row apart.
          tx.objectStore('photoBytes').put({ photoId: p.id, bytes: p.bytes });
          tx.objectStore('photos').put({ photoId: p.id, ownerId: wo.id, mime: p.mime, status: 'pending', createdAt: Date.now() });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        });
        written.push({ workOrderId: wo.id, completionId, photoIds: [...shots.map((s) => s.id), signature.id] });
      }
      db.close();
      // These writes bypass the app's Dexie, so its live queries (the one outbox query every screen reads) cannot see
      // them: tell them the way Dexie tells a page that another tab wrote (its storage-mutated event; `all` = every table).
      dispatchEvent(new CustomEvent('x-storagemutated-1', { detail: { all: true } }));
      return { written, recordBytes, photoBytes: written.length * photos * photoBytes };
    },
    { skip, count, photos, photoBytes, tinyJpeg: [...TINY_JPEG] },
  );
}

/** One swap with three small photos on the `skip`-th assigned work order (by id). */
export async function writeSwapOffline(page: Page, skip = 0): Promise<Written> {
  const { written } = await writeSwapsOffline(page, { skip });
  const [swap] = written;
  if (swap === undefined) throw new Error('nothing written');
  return swap;
}
