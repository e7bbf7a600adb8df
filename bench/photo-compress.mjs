// Photo capture on a throttled CPU, measured in the real app: a 12-megapixel JPEG picked through the
// camera input → resized, stamped, encoded and hashed in the photo worker → stored in IndexedDB with the
// draft → thumbnail shown. Also: JS heap after 40 photos in one session, and what the capture screens
// add to the first screen's JavaScript.
//
//   npx vite build && node bench/photo-compress.mjs [--photos 40] [--throttle 4] [--main-thread]
//
// Spawns its own server (loopback, free port, a fresh database under bench/out) on the built dist/.
// --main-thread hides Worker from the page, to time the fallback path (CDP throttling is applied to the
// page's target; the bench also attaches to the photo worker and throttles it the same way).
//
// Also a module: bench/device.ts times the same 12 MP pick with the functions exported here
// (makeTwelveMegapixelPhoto, throttlePhotoWorker, pickPhoto, storedPhotoBytes; types in photo-compress.d.mts).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const PHOTOS = Number(option('photos', 40));
const THROTTLE = Number(option('throttle', 4));
const MAIN_THREAD = args.includes('--main-thread');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Step 1's two photo kinds, six photos each at most: past that the oldest is deleted first (a retake),
// so one session goes through all 40 photos without leaving the screen.
const KINDS = ['removed_meter', 'removed_seals'];
const MAX_PER_KIND = 6;

/** First-screen JavaScript: the entry script of index.html and its modulepreloads, gzip-compressed. */
function initialBundle() {
  const html = readFileSync('dist/index.html', 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const sizes = files.map((file) => ({ file, gzip: gzipSync(readFileSync(join('dist', file))).length }));
  const captureInInitial = files.filter((file) => {
    const map = join('dist', `${file}.map`);
    if (!existsSync(map)) return false;
    const { sources } = JSON.parse(readFileSync(map, 'utf8'));
    return sources.some((s) => /features\/capture|i18n\/capture|signature_pad|barcode-detector|zxing|local\/capture|swapValidation/.test(s));
  });
  const captureChunks = readdirSync('dist/assets')
    .filter((f) => /^(CapturePage|HandoverRecordPage|useCaptureMessages|ScannerDialog|barcode|photoWorker)-.*\.js$/.test(f))
    .map((file) => ({ file, gzip: gzipSync(readFileSync(join('dist/assets', file))).length }));
  return { sizes, total: sizes.reduce((a, s) => a + s.gzip, 0), captureInInitial, captureChunks };
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const dataDir = join('bench', 'out', 'photo-data');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: 'dist', DEMO: '1', LOG_LEVEL: 'warn' },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return { base, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('server did not start');
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const bundle = initialBundle();
  const { base, child } = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
  });
  try {
    const context = await browser.newContext({
      baseURL: base,
      viewport: { width: 412, height: 915 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      permissions: ['geolocation'],
      geolocation: { latitude: 19.8, longitude: 105.77, accuracy: 10 },
    });
    if (MAIN_THREAD) await context.addInitScript(() => Reflect.deleteProperty(window, 'Worker'));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('Performance.enable');

    await page.goto('/');
    await page.getByLabel('Tên đăng nhập').fill('tech3');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('demo1234');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('work-order-row').first().click();
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await page.getByRole('heading', { name: 'Công tơ tháo', exact: true }).waitFor();
    const source = await makeTwelveMegapixelPhoto(page);

    // Throttle the page and, when it starts, the photo worker (a separate CDP target).
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const workerThrottling = throttlePhotoWorker(page, await browser.newBrowserCDPSession(), THROTTLE);

    const heapBefore = await heapUsed(cdp);
    const timings = [];
    const sizes = [];
    for (let i = 0; i < PHOTOS; i++) {
      const kind = KINDS[i % KINDS.length];
      // A new position each time: the stamp differs, so every photo has its own bytes and id (the same
      // bytes twice would be the same photo, stored once).
      await context.setGeolocation({ latitude: 19.8 + (i + 1) * 0.00002, longitude: 105.77, accuracy: 10 });
      await page.waitForTimeout(50);
      const result = await pickPhoto(page, kind, MAX_PER_KIND);
      const bytes = await storedPhotoBytes(page, result.photoId);
      timings.push(result.ms);
      sizes.push(bytes);
      process.stdout.write(`photo ${i + 1}/${PHOTOS} ${kind}: ${result.ms.toFixed(0)} ms, ${kb(bytes)}\n`);
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfter = await heapUsed(cdp);
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));

    console.log('\n== Photo capture ==');
    console.log(
      `source: 4000×3000 JPEG, ${mb(source.bytes)}; CPU throttling ${THROTTLE}× (page${workerThrottling.throttled.length > 0 ? ' and photo worker' : MAIN_THREAD ? ', main-thread path' : `; worker NOT throttled${workerThrottling.refused.length > 0 ? `: ${workerThrottling.refused[0]}` : ''}`})`,
    );
    console.log(
      `pick → stored + thumbnail: first ${timings[0].toFixed(0)} ms, median ${median(timings).toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms`,
    );
    console.log(`stored JPEG: median ${kb(median(sizes))}, max ${kb(Math.max(...sizes))}`);
    console.log(
      `JS heap (page, after GC): before photos ${mb(heapBefore)}, after ${PHOTOS} photos ${mb(heapAfter)} (JSHeapTotalSize ${mb(metrics.JSHeapTotalSize)}, DOM nodes ${metrics.Nodes})`,
    );
    console.log('\n== First screen JavaScript (gzip) ==');
    for (const s of bundle.sizes) console.log(`${s.file}: ${kb(s.gzip)}`);
    console.log(
      `total: ${kb(bundle.total)}; capture modules in it: ${bundle.captureInInitial.length === 0 ? 'none' : bundle.captureInInitial.join(', ')}`,
    );
    console.log(`capture chunks (lazy): ${bundle.captureChunks.map((c) => `${c.file.replace(/-[^-]+\.js$/, '')} ${kb(c.gzip)}`).join(', ')}`);
  } finally {
    await browser.close();
    child.kill();
  }
}

async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!existsSync('dist/index.html')) {
    console.error('dist/ is missing: run `npx vite build` first.');
    process.exit(1);
  }
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

/**
 * Draws a camera-like 4000×3000 picture in the page and keeps it as a JPEG File in `window.__bench12mp`
 * (what the camera input hands over). Returns its size.
 */
export async function makeTwelveMegapixelPhoto(page) {
  return page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 4000;
    canvas.height = 3000;
    const ctx = canvas.getContext('2d');
    // Camera-like content: smooth shading plus sensor noise, which is what makes phone JPEGs 3–6 MB.
    const image = ctx.createImageData(4000, 3000);
    let seed = 12345;
    for (let p = 0, i = 0; p < 4000 * 3000; p++, i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed % 41) - 20;
      const x = p % 4000;
      const y = (p / 4000) | 0;
      const shade = 60 + ((x + y) * 120) / 7000;
      image.data[i] = shade + noise;
      image.data[i + 1] = shade * 1.05 + noise;
      image.data[i + 2] = shade * 0.9 + noise;
      image.data[i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    ctx.fillStyle = '#111';
    ctx.fillRect(1200, 900, 1600, 1100);
    ctx.fillStyle = '#eee';
    ctx.font = 'bold 260px sans-serif';
    ctx.fillText('0 1 2 3 4,5', 1300, 1550);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    window.__bench12mp = new File([blob], 'IMG_12MP.jpg', { type: 'image/jpeg' });
    canvas.width = 0;
    return { bytes: blob.size };
  });
}

/**
 * Tries to throttle the photo worker (its own CDP target) like the page, as soon as it starts. Returns the
 * worker targets throttled and the reasons it was refused, filled in as workers start. Chromium 156 refuses
 * ("Operation is only supported for pages, not workers"): the worker then runs at this machine's speed.
 */
export function throttlePhotoWorker(page, browserCdp, rate) {
  const result = { throttled: [], refused: [] };
  page.on('worker', async (worker) => {
    if (!worker.url().includes('photoWorker')) return;
    try {
      const { targetInfos } = await browserCdp.send('Target.getTargets');
      const target = targetInfos.find((t) => t.type === 'worker' && t.url === worker.url());
      if (target === undefined) return;
      // A browser-level session reaches a worker through Target.sendMessageToTarget (not flattened).
      const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
      const reply = new Promise((resolve) => {
        const onMessage = (event) => {
          if (event.sessionId !== sessionId) return;
          const message = JSON.parse(event.message);
          if (message.id !== 1) return;
          browserCdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(message);
        };
        browserCdp.on('Target.receivedMessageFromTarget', onMessage);
      });
      await browserCdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: 1, method: 'Emulation.setCPUThrottlingRate', params: { rate } }),
      });
      const answer = await reply;
      if (answer.error !== undefined) result.refused.push(answer.error.message);
      else result.throttled.push(target.targetId);
    } catch (error) {
      result.refused.push(error instanceof Error ? error.message : String(error));
    }
  });
  return result;
}

/**
 * Picks `window.__bench12mp` through the capture's camera input of `kind` on the open capture step and times
 * it until the stored photo's thumbnail shows (resize, stamp, encode, hash in the worker, IndexedDB write).
 * With `max` photos of that kind already there, the oldest is deleted first (a retake).
 */
export async function pickPhoto(page, kind, max) {
  return page.evaluate(
    async ({ kind, max }) => {
      const input = document.querySelector(`[data-testid="camera-${kind}"]`);
      const section = input.closest('section');
      const count = () => section.querySelectorAll('li.photos__item img').length;
      if (section.querySelectorAll('li.photos__item').length >= max) {
        const before = count();
        section.querySelector('li.photos__item button').click();
        while (count() >= before) await new Promise((r) => setTimeout(r, 20));
      }
      const start = count();
      const transfer = new DataTransfer();
      transfer.items.add(window.__bench12mp);
      input.files = transfer.files;
      const t0 = performance.now();
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const deadline = t0 + 120_000;
      while (count() <= start) {
        if (performance.now() > deadline) throw new Error('photo not stored within 120 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      const ms = performance.now() - t0;
      const items = section.querySelectorAll('li.photos__item');
      return { ms, photoId: items[items.length - 1].dataset.photoId };
    },
    { kind, max },
  );
}

/** The stored (compressed) size of a photo in the signed-in user's IndexedDB. */
export async function storedPhotoBytes(page, photoId) {
  return page.evaluate(async (photoId) => {
    const info = (await indexedDB.databases()).find((d) => d.name.startsWith('meterswap-user-'));
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(info.name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const row = await new Promise((resolve) => {
      // The bytes are in their own store, under the photo's id (src/local/photoStore.ts).
      const r = db.transaction('photoBytes').objectStore('photoBytes').get(photoId);
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return row.bytes.byteLength;
  }, photoId);
}
