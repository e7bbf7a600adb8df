import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './tests/e2e/browser';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8181);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/**
 * The head-end commissioning journey (issue 17) runs against a server of its own, three ports up (it uses the two
 * after it too): its deadline of an hour and a sweep every 2 s would open follow-up orders among every other
 * spec's work, and its own swaps would change the counts they check. The main server's deadline is the longest
 * allowed, so no spec's swap becomes overdue during a run.
 */
export const E2E_HES_PORT = E2E_PORT + 3;
export const E2E_HES_BASE_URL = `http://127.0.0.1:${E2E_HES_PORT}`;
const HES_SPEC = /commissioning\.spec\.ts$/;
const phone = {
  ...devices['Pixel 7'],
  browserName: 'chromium' as const,
  launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
};
const e2eServer = (port: number, env: Record<string, string>) => ({
  command: `${JSON.stringify(process.execPath)} scripts/e2e-server.mjs`,
  env: { PORT: String(port), ...env },
  url: `http://127.0.0.1:${port}/api/v1/health`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

// One server for the run (and one for the commissioning spec, above), on a fresh SQLite database seeded with the demo
// data set. Tests share it, so each journey uses its own demo accounts (tech1, tech2, …) and never assumes another test's state.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PW_JSON_OUTPUT ? [['list'], ['json', { outputFile: process.env.PW_JSON_OUTPUT }]] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: E2E_BASE_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'phone', testIgnore: HES_SPEC, use: phone },
    { name: 'phone-hes', testMatch: HES_SPEC, use: { ...phone, baseURL: E2E_HES_BASE_URL } },
  ],
  webServer: [
    e2eServer(E2E_PORT, { COMMISSIONING_DEADLINE_HOURS: '720', COMMISSIONING_SWEEP_SECONDS: '86400' }),
    e2eServer(E2E_HES_PORT, { COMMISSIONING_DEADLINE_HOURS: '1', COMMISSIONING_SWEEP_SECONDS: '2' }),
  ],
});
