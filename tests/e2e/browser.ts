import { existsSync } from 'node:fs';

/**
 * Playwright cannot download its own browsers on these machines (docs/toolchain.md):
 * use CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's own if one is installed.
 */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) {
    if (path && existsSync(path)) return path;
  }
  if (process.env.PLAYWRIGHT_OWN_BROWSER === '1') return undefined;
  throw new Error(
    "No Chromium found. Install Debian's: `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary " +
      '(PLAYWRIGHT_OWN_BROWSER=1 uses a browser installed by `npx playwright install`).',
  );
}

/** Flags that keep Chromium quiet on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-extensions',
  '--disable-default-apps',
];
