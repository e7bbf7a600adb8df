import { chromium, devices, expect, type BrowserContext, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, chromiumExecutable } from './browser';

/**
 * A phone with its own profile folder, for journeys that kill the app and open it again: launching again with the
 * same folder is the app reopened, with whatever the killed browser had put on disk.
 */
export function launchPhone(profile: string, baseURL: string, offline: boolean): Promise<BrowserContext> {
  const { defaultBrowserType: _browser, ...pixel } = devices['Pixel 7'];
  return chromium.launchPersistentContext(profile, {
    ...pixel,
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    baseURL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    offline,
  });
}

/** The tab a persistent context opens with. */
export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** Ids of the browser's processes (the browser and its children all carry the profile folder the test made). */
function phoneProcessIds(profile: string): number[] {
  const ids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(`--user-data-dir=${profile}`)) ids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return ids;
}

/**
 * The phone kills the app: SIGKILL, so nothing of the page runs any more (no `pagehide`, no last write, no
 * orderly shutdown of IndexedDB or of localStorage); only what was committed is on disk. A graceful close would
 * let a late write land and hide the loss.
 */
export async function killPhone(context: BrowserContext, profile: string): Promise<void> {
  const closed = new Promise((resolve) => context.once('close', resolve));
  const ids = phoneProcessIds(profile);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    try {
      process.kill(id, 'SIGKILL');
    } catch {
      // Already gone with its parent.
    }
  }
  await closed;
}
