import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { expectAccessible } from './captureHelpers';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';

/** A Code 128 barcode as a PNG, drawn by zxing's own writer (the same library family the app reads with). */
async function barcodePng(text: string): Promise<Buffer> {
  const wasm = readFileSync(join(process.cwd(), 'node_modules/zxing-wasm/dist/writer/zxing_writer.wasm'));
  prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) } });
  const result = await writeBarcode(text, { format: 'Code128', scale: 4 });
  if (result.image === null) throw new Error(result.error);
  return Buffer.from(await result.image.arrayBuffer());
}

test.describe('serial scanning, offline', () => {
  // Runs under the server's real CSP: script-src 'self' 'wasm-unsafe-eval' lets the polyfill compile its wasm.
  test('a serial is read from a photo of its barcode with the precached WebAssembly reader', async ({ page, context }) => {
    await signIn(page, 'tech1');
    await waitForServiceWorker(page);
    await context.setOffline(true);
    // tech1's third-to-last work order: the other capture journeys use the last two.
    await workOrderRows(page).nth(-3).click();
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await expect(page.getByRole('heading', { name: 'Công tơ tháo', exact: true })).toBeVisible();

    // The first scan button is the serial's (the removed meter's bag label has one too, below).
    await page.getByRole('button', { name: 'Quét mã' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Quét số công tơ' });
    await expect(dialog).toBeVisible();
    // Headless Chromium has no camera: the dialog says so and offers the photo and manual entry.
    await expect(dialog.getByRole('status')).toContainText(/máy ảnh|mã vạch/);
    await expectAccessible(page, 'scanner');
    await dialog.getByTestId('scan-photo').setInputFiles({ name: 'serial.png', mimeType: 'image/png', buffer: await barcodePng('PS-SCAN-0042') });

    await expect(dialog).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByLabel('Số công tơ', { exact: true })).toHaveValue('PS-SCAN-0042');

    // The bag / seal label the removed meter goes back in (issue 16) is scanned the same way.
    await page.getByRole('button', { name: 'Quét mã' }).nth(1).click();
    const bagDialog = page.getByRole('dialog', { name: 'Quét số túi / nhãn niêm phong' });
    await expect(bagDialog).toBeVisible();
    await bagDialog.getByTestId('scan-photo').setInputFiles({ name: 'bag.png', mimeType: 'image/png', buffer: await barcodePng('TUI-SCAN-07') });
    await expect(bagDialog).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByLabel('Số túi / nhãn niêm phong công tơ tháo (không bắt buộc)')).toHaveValue('TUI-SCAN-07');
  });
});
