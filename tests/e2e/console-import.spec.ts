import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './captureHelpers';
import { signInToConsole } from './helpers';

// The supervisor works on a laptop.
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const BOM = '\uFEFF';
const HEADER = 'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DTHOAI;DIA_CHI;XA_PHUONG;TINH;lat;lng;SO_CTO;CHI_SO_CU;SO_PHA';

/** A CMIS export as Excel saves it: BOM, ";" separator, decimal commas, Vietnamese text. */
function cmisFile(rows: string[]): Buffer {
  return Buffer.from(`${BOM}${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8');
}

function row(n: number, overrides: { lat?: string; serial?: string; phone?: string } = {}): string {
  // 'ZZ' sorts after the demo codes: journeys that take the first unassigned orders by code never get these.
  const code = `ZZ-E2E-IMP-${String(n).padStart(4, '0')}`;
  const customer = `PA07IM${String(1000000 + n)}`;
  return [
    code,
    customer,
    `Hộ kiểm thử ${n}`,
    overrides.phone ?? '0912345678',
    `Số ${n} đường Lê Lợi`,
    'Phường Hạc Thành',
    'Thanh Hóa',
    overrides.lat ?? `19,80${n}`,
    `105,77${n}`,
    overrides.serial ?? `IMP${100000 + n}`,
    '1234,5',
    '1',
  ].join(';');
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280x800.png`) });
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-800x1280.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('the supervisor imports a CMIS file: every error listed in Vietnamese with its line, nothing imported until the file is clean', async ({
  page,
}, testInfo) => {
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Nhập dữ liệu' }).click();
  await expect(page.getByRole('heading', { name: 'Nhập dữ liệu từ CMIS' })).toBeVisible();
  const input = page.locator('input[type="file"]');

  // A file with three bad rows (lines 3, 5 and 6 of the file; the header is line 1).
  const bad = cmisFile([row(1), row(2, { lat: 'abc' }), row(3), row(4, { serial: '' }), row(5, { phone: '12345' })]);
  await input.setInputFiles({ name: 'cmis-loi.csv', mimeType: 'text/csv', buffer: bad });
  const errors = page.getByRole('region', { name: /Tệp có \d+ lỗi/ });
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('Chưa nhập dòng nào');
  const lines = await errors.locator('tbody tr td:first-child').allTextContents();
  expect(lines).toEqual(['3', '5', '6']);
  await expect(errors.getByRole('row', { name: /^3 lat/ })).toContainText('Không phải số');
  await expect(errors.getByRole('row', { name: /^5 SO_CTO/ })).toContainText('Ô bắt buộc đang trống');
  await expect(errors.getByRole('row', { name: /^6 DTHOAI/ })).toContainText('Số điện thoại sai');
  // "Chi tiết" says what the cell held, in Vietnamese: never the server's English message (issue 18 §4).
  await expect(errors.getByRole('row', { name: /^6 DTHOAI/ })).toContainText('"12345" không phải số di động Việt Nam.');
  await expect(errors.getByRole('row', { name: /^3 lat/ })).toContainText('"abc" không phải là số.');
  await expect(errors).not.toContainText(/is not|is required/);
  await expect(page.getByRole('button', { name: 'Nhập dữ liệu' })).toHaveCount(0);
  await expectAccessible(page, 'import errors');
  await screenshot(page, testInfo, 'import-errors');
  // The same errors in English, then back.
  await page.getByRole('button', { name: 'English' }).click();
  const errorsEn = page.getByRole('region', { name: /The file has \d+ errors/ });
  await expect(errorsEn.getByRole('row', { name: /^6 DTHOAI/ })).toContainText('"12345" is not a Vietnamese mobile number.');
  await expect(errorsEn.getByRole('row', { name: /^5 SO_CTO/ })).not.toContainText('This value is required.');
  await expectAccessible(page, 'import errors (English)');
  await screenshot(page, testInfo, 'import-errors-en');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(errors).toContainText('Chưa nhập dòng nào');

  // The dry run wrote nothing: the same codes are still new.
  const good = cmisFile([row(1), row(2), row(3), row(4), row(5)]);
  await input.setInputFiles({ name: 'cmis-da-sua.csv', mimeType: 'text/csv', buffer: good });
  await expect(page.getByText('5 dòng hợp lệ: 5 mới, 0 cập nhật.')).toBeVisible();
  await expect(page.getByText(/cmis-da-sua\.csv/)).toBeVisible();
  await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
  await expect(page.getByText('Đã nhập 5 dòng: 5 công việc mới, 0 công việc được cập nhật.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Xem trên bản đồ để phân công' })).toBeVisible();
  await screenshot(page, testInfo, 'import-done');

  // Importing the same file again updates the five (still unassigned) work orders instead of duplicating them.
  await input.setInputFiles({ name: 'cmis-da-sua.csv', mimeType: 'text/csv', buffer: good });
  await expect(page.getByText('5 dòng hợp lệ: 0 mới, 5 cập nhật.')).toBeVisible();
});
