import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// Requests are intercepted in the page, so no service worker may answer them first. tech5's pulls only read.
test.use({ serviceWorkers: 'block' });

const PULL = '**/api/v1/sync/pull?*';

test('an app whose protocol the server refuses says "Có phiên bản mới — hãy cập nhật", and syncs again once accepted', async ({ page }) => {
  await signIn(page, 'tech5');
  const syncButton = page.getByRole('button', { name: 'Đồng bộ', exact: true });
  const pulls: string[] = [];
  await page.route(PULL, (route) => {
    pulls.push(route.request().url());
    return route.fulfill({
      status: 426,
      contentType: 'application/problem+json; charset=utf-8',
      body: JSON.stringify({
        type: 'urn:meter-swap:problem:CLIENT_OUTDATED',
        title: 'Client version not supported',
        status: 426,
        code: 'CLIENT_OUTDATED',
        detail: 'This app speaks sync protocol version 1; the server speaks 2 to 2.',
        retryable: false,
        supported: { min: 2, max: 2 },
      }),
    });
  });
  await syncButton.click();

  const notice = page.getByTestId('client-outdated');
  await expect(notice).toContainText('Có phiên bản mới — hãy cập nhật');
  await expect(notice.getByRole('button', { name: 'Cập nhật' })).toBeVisible();
  // One notice, not a generic "validation" line beside it.
  await expect(page.getByText(/Đồng bộ chưa xong/)).toHaveCount(0);
  expect(new URL(pulls[0] ?? 'http://x/').searchParams.get('protocolVersion')).toBe('1');

  await page.unroute(PULL);
  await syncButton.click();
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId('status-chip')).toHaveAttribute('data-connectivity', 'online');
  await expect(page.getByTestId('status-chip')).toContainText('Trực tuyến');
});
