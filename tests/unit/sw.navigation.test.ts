import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { servesShell, SHELL_NAVIGATION_DENYLIST } from '../../src/sw/navigation';

describe('navigations the service worker answers with the app shell', () => {
  it('serves the shell for the app’s own deep links', () => {
    for (const path of ['/', '/work-orders/abc', '/console/roadmap', '/console/roadmap/announcement', '/cong-khai-khac']) {
      expect(servesShell(path), path).toBe(true);
    }
  });

  it('leaves the API and the pages the server renders for people signed out to the network', () => {
    for (const path of ['/api/v1/health', '/cong-khai/xa-hau-loc-thanh-hoa', '/cong-khai/', '/cong-khai', '/bien-ban/tok3n', '/bien-ban']) {
      expect(servesShell(path), path).toBe(false);
    }
  });

  it('is the list the worker registers its navigation route with', () => {
    const source = readFileSync(new URL('../../src/sw/sw.ts', import.meta.url), 'utf8');
    expect(source).toMatch(/new NavigationRoute\([^;]*denylist: \[\.\.\.SHELL_NAVIGATION_DENYLIST\]/);
    expect(SHELL_NAVIGATION_DENYLIST.length).toBe(3);
  });
});
