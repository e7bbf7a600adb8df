import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A JPEG made in the page (canvas), as a camera would hand it over: shapes, text, some noise. */
export async function makeJpeg(page: Page, label: string, width = 1200, height = 900): Promise<Buffer> {
  const base64 = await page.evaluate(
    ({ label, width, height }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      if (ctx === null) throw new Error('no canvas');
      const gradient = ctx.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#d9dde3');
      gradient.addColorStop(1, '#6b7280');
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#111827';
      ctx.fillRect(width * 0.25, height * 0.2, width * 0.5, height * 0.55);
      ctx.fillStyle = '#f9fafb';
      ctx.font = `bold ${Math.round(height / 12)}px sans-serif`;
      ctx.fillText(label, width * 0.3, height * 0.5);
      for (let i = 0; i < 4000; i++) {
        ctx.fillStyle = `rgba(${(i * 37) % 255}, ${(i * 91) % 255}, ${(i * 53) % 255}, 0.35)`;
        ctx.fillRect((i * 7919) % width, (i * 104729) % height, 3, 3);
      }
      return canvas.toDataURL('image/jpeg', 0.92).split(',')[1] ?? '';
    },
    { label, width, height },
  );
  return Buffer.from(base64, 'base64');
}

/** Picks a photo through the capture's camera input of a photo kind and waits for its thumbnail. */
export async function addPhoto(page: Page, kind: string, jpeg: Buffer, expectedCount: number): Promise<void> {
  await page.getByTestId(`camera-${kind}`).setInputFiles({ name: `${kind}.jpg`, mimeType: 'image/jpeg', buffer: jpeg });
  const section = page.locator('section.photos', { has: page.getByTestId(`camera-${kind}`) });
  await expect(section.locator('li.photos__item img')).toHaveCount(expectedCount, { timeout: 20_000 });
}

/** axe-core on the current screen: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe on ${screen}`).toEqual([]);
}

/** Full-page screenshots at a 360 px phone and an 800 px tablet, then back to the device's own size. */
export async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = process.env.CAPTURE_SHOTS_DIR ?? testInfo.outputPath('screens');
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  for (const size of [
    { width: 360, height: 740 },
    { width: 800, height: 1280 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(dir, `${name}-${size.width}.png`), fullPage: true });
  }
  if (original !== null) await page.setViewportSize(original);
}

/** Draws a signature-like scribble with the mouse on a signature pad. */
export async function drawSignature(page: Page, testId: string): Promise<void> {
  const pad = page.getByTestId(testId);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (box === null) throw new Error(`${testId} is not visible`);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.1, y);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++) {
    await page.mouse.move(box.x + box.width * (0.1 + i * 0.03), y + Math.sin(i / 2) * box.height * 0.25, { steps: 2 });
  }
  await page.mouse.up();
}

export interface LocalState {
  outbox: { seq: number; name: string; status: string; args: Record<string, unknown> }[];
  records: { id: string; kind: string; workOrderId: string; seq: number; args: Record<string, unknown> }[];
  drafts: { id: string; data: Record<string, unknown> }[];
  photos: { photoId: string; sha256: string; bytes: number; mime: string; isArrayBuffer: boolean }[];
}

/** Reads the signed-in user's IndexedDB database in the page, hashing every stored photo (SHA-256). */
export async function readLocalState(page: Page): Promise<LocalState> {
  return page.evaluate(async () => {
    const info = (await indexedDB.databases()).find((d) => d.name?.startsWith('meterswap-user-') === true);
    if (info?.name === undefined) throw new Error('no user database');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(info.name ?? '');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
    const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const photoRows = (await all('photos')) as { photoId: string; mime: string }[];
    // The bytes are in their own store, under the photo's id (src/local/photoStore.ts).
    const stored = new Map(((await all('photoBytes')) as { photoId: string; bytes: ArrayBuffer }[]).map((b) => [b.photoId, b.bytes]));
    const photos = await Promise.all(
      photoRows.map(async (p) => {
        const bytes = stored.get(p.photoId);
        // Row and bytes are written together: a row without its bytes is a lost photo.
        if (bytes === undefined) throw new Error(`photo ${p.photoId} has no bytes`);
        return {
          photoId: p.photoId,
          sha256: hex(await crypto.subtle.digest('SHA-256', bytes)),
          bytes: bytes.byteLength,
          mime: p.mime,
          isArrayBuffer: bytes instanceof ArrayBuffer,
        };
      }),
    );
    const state = {
      outbox: (await all('outbox')) as LocalState['outbox'],
      records: (await all('records')) as LocalState['records'],
      drafts: (await all('drafts')) as LocalState['drafts'],
      photos,
    };
    db.close();
    return state;
  });
}

/** The work order's coordinates as the detail page prints them ("19.80712, 105.77600"). */
export async function siteCoordinates(page: Page): Promise<{ latitude: number; longitude: number }> {
  const text =
    (await page
      .getByText(/^-?\d+\.\d{5}, -?\d+\.\d{5}$/)
      .first()
      .textContent()) ?? '';
  const [lat = NaN, lng = NaN] = text.split(',').map((part) => Number(part.trim()));
  return { latitude: lat, longitude: lng };
}

/**
 * The first two capture steps (removed and installed meter) from the "Bắt đầu" tap on an open work order's detail
 * screen, up to the location step: serial as expected, final index = last billed + 200, photos. Returns the final index.
 */
export async function fillMeterSteps(page: Page, swap: { label: string; installedSerial: string; sealCode: string }): Promise<number> {
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page.getByRole('heading', { name: 'Công tơ tháo', exact: true })).toBeVisible();
  const expectedSerial = (await page.locator('.capture__expected strong').first().textContent()) ?? '';
  const lastBilledText =
    (await page
      .getByText(/^Chỉ số lần ghi cuối:/)
      .textContent()
      .catch(() => null)) ?? '';
  const finalIndex = Math.floor(Number(lastBilledText.replace(/[^\d,]/g, '').replace(',', '.')) || 0) + 200;
  await page.getByLabel('Số công tơ', { exact: true }).fill(expectedSerial);
  await page.getByLabel('Chỉ số tháo').fill(String(finalIndex));
  await page.getByText('Đầy đủ, dây chì nguyên vẹn').click();
  await addPhoto(page, 'removed_meter', await makeJpeg(page, `OLD METER ${swap.label}`), 1);
  await addPhoto(page, 'removed_seals', await makeJpeg(page, `OLD SEALS ${swap.label}`), 1);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect(page.getByRole('heading', { name: 'Công tơ treo', exact: true })).toBeVisible();
  await page.getByLabel('Số công tơ', { exact: true }).fill(swap.installedSerial);
  await page.getByLabel('Chỉ số treo').fill('0,3');
  await page.getByLabel('Mã chì').fill(swap.sealCode);
  await page.getByLabel('Số viên chì').fill('2');
  await page.getByRole('radio', { name: 'GPRS/4G' }).check();
  await addPhoto(page, 'installed_meter', await makeJpeg(page, `NEW METER ${swap.label}`), 1);
  await addPhoto(page, 'installed_seals', await makeJpeg(page, `NEW SEALS ${swap.label}`), 1);
  await addPhoto(page, 'installation', await makeJpeg(page, `INSTALLATION ${swap.label}`), 1);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  return finalIndex;
}

/**
 * A whole swap through the capture steps from an open work order's detail screen, with fewer checks than
 * capture.spec.ts (which has them): serial as expected, final index = last billed + 200, photos, signature.
 * Returns the final index.
 */
export async function completeSwapOnline(page: Page, swap: { label: string; installedSerial: string; sealCode: string }): Promise<number> {
  const finalIndex = await fillMeterSteps(page, swap);

  await expect(page.getByRole('heading', { name: 'Vị trí', exact: true })).toBeVisible();
  await expect(page.getByText('Vị trí tốt.')).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();
  await drawSignature(page, 'pad-handover.signature');
  await page.getByLabel('Tôi, nhân viên treo tháo, xác nhận các thông tin trên là đúng').check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect(page.getByRole('heading', { name: 'Thanh toán không dùng tiền mặt', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  await expect(page.getByRole('heading', { name: 'Đã hoàn thành treo tháo', exact: true })).toBeVisible();
  return finalIndex;
}
