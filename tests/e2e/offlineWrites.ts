import type { Page } from '@playwright/test';

export interface Written {
  workOrderId: string;
  completionId: string;
  photoIds: string[];
}

/**
 * Writes a completed swap (on the `skip`-th assigned work order by id) the way the capture command does (photos + outbox row with the next seq, in one
 * IndexedDB transaction), straight into the signed-in user's database: the same shapes, without the UI steps.
 */
export async function writeSwapOffline(page: Page, skip = 0): Promise<Written> {
  return page.evaluate(async (skip) => {
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
      id: string; status: string; version: number; oldMeterSerial: string; lastBilledReading: number | null; lat: number; lng: number;
    }[];
    const wo = orders.filter((o) => o.status === 'assigned').sort((a, b) => (a.id < b.id ? -1 : 1))[skip];
    if (wo === undefined) throw new Error('no assigned work order');
    const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const photo = async (magic: number[]) => {
      const bytes = new Uint8Array(4096);
      crypto.getRandomValues(bytes);
      bytes.set(magic, 0);
      return { bytes: bytes.buffer, id: hex(await crypto.subtle.digest('SHA-256', bytes)), mime: magic[0] === 0x89 ? 'image/png' : 'image/jpeg' };
    };
    const removed = await photo([0xff, 0xd8, 0xff, 0xe0]);
    const installed = await photo([0xff, 0xd8, 0xff, 0xe0]);
    const signature = await photo([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const at = new Date().toISOString();
    const completionId = crypto.randomUUID();
    const args = {
      completionId,
      workOrderId: wo.id,
      baseVersion: wo.version,
      removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: (wo.lastBilledReading ?? 0) + 42 }, sealCondition: 'intact', photoIds: [removed.id] },
      installed: { serial: `E2E${hex(crypto.getRandomValues(new Uint8Array(5)).buffer).toUpperCase()}`, readings: { total: 0.2 }, seals: [{ code: 'TC-9', beads: 2 }], photoIds: [installed.id] },
      gps: { lat: wo.lat, lng: wo.lng, accuracyM: 6, at },
      handover: { signerName: 'Lê Thị Mai', signerRole: 'customer', signaturePhotoId: signature.id, cashless: { currentMethod: 'cash', consent: true } },
      completedAt: at,
    };
    const tx = db.transaction(['outbox', 'meta', 'photos'], 'readwrite', { durability: 'strict' });
    const meta = (await request(tx.objectStore('meta').get('sync'))) as { nextSeq: number };
    tx.objectStore('outbox').add({ seq: meta.nextSeq, mutationId: crypto.randomUUID(), name: 'swap.complete', args, createdAt: at, status: 'pending' });
    tx.objectStore('meta').put({ ...meta, nextSeq: meta.nextSeq + 1 });
    for (const p of [removed, installed, signature]) {
      tx.objectStore('photos').put({ photoId: p.id, ownerId: wo.id, mime: p.mime, bytes: p.bytes, status: 'pending', createdAt: Date.now() });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(new Error(String(tx.error)));
    });
    db.close();
    return { workOrderId: wo.id, completionId, photoIds: [removed.id, installed.id, signature.id] };
  }, skip);
}
