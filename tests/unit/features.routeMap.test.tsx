import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { MAX_CACHED_TILES, type MapConfig } from '../../src/domain/map/mapConfig';
import { RouteDownload } from '../../src/features/technician/workOrders/routeMap/RouteDownload';
import { WorkOrderDetailPage } from '../../src/features/technician/workOrders/WorkOrderDetailPage';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import { memoryKeyValue } from '../../src/platform';
import { MAP_CONFIG_KEY, readCachedMapConfig, refreshMapConfig } from '../../src/sync/mapConfig';
import { downloadTiles } from '../../src/sync/tileDownload';
import type { ApiClient, ApiError } from '../../src/sync';
import { err, ok } from '../../src/domain/protocol/result';
import { fakePlatform } from './support/fakePlatform';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { renderPage } from './support/render';

const opened: UserDatabase[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const config = (bulkDownload: boolean): MapConfig => ({
  tileUrl: 'https://tiles.example.vn/{z}/{x}/{y}.png',
  attribution: '© Bản đồ',
  bulkDownload,
  maxCachedTiles: MAX_CACHED_TILES,
});

async function showDetail(cached: MapConfig | null) {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const wo = makeWorkOrder({ routeOrder: 2 });
  const other = makeWorkOrder({ routeOrder: 1, lat: 19.81, lng: 105.79 });
  await applyPull(db, page([upsert(wo), upsert(other)]));
  // Offline: the cached config is all the page has.
  const platform = fakePlatform({ online: false });
  if (cached !== null) platform.settings.set(MAP_CONFIG_KEY, JSON.stringify(cached));
  await renderPage(<WorkOrderDetailPage />, { db, platform, path: `/work-orders/${wo.id}`, route: '/work-orders/:id' });
  await screen.findByRole('heading', { name: 'Lộ trình hôm nay' });
}

describe('route map on the work-order screen', () => {
  it("shows today's route with this work order's place in it", async () => {
    await showDetail(config(false));
    expect(screen.getByText('Công việc này là điểm 2 trên 2 điểm')).toBeTruthy();
  });

  it('never offers the route download when the tile source does not permit bulk download', async () => {
    await showDetail(config(false));
    expect(screen.queryByRole('button', { name: 'Tải bản đồ tuyến' })).toBeNull();
  });

  it('does not offer it without any map config either', async () => {
    await showDetail(null);
    expect(screen.queryByRole('button', { name: 'Tải bản đồ tuyến' })).toBeNull();
  });

  it('offers it when the tile source permits bulk download', async () => {
    await showDetail(config(true));
    expect(screen.getByRole('button', { name: 'Tải bản đồ tuyến' })).toBeTruthy();
  });
});

describe('route download', () => {
  const stops = [
    { id: 'a', lat: 19.8, lng: 105.77, number: 1, current: true },
    { id: 'b', lat: 19.805, lng: 105.78, number: 2, current: false },
  ];

  it('fetches every planned tile through the configured template and says when it is done', async () => {
    const fetched: string[] = [];
    await renderPage(
      <RouteDownload stops={stops} config={config(true)} fetchTile={(url) => (fetched.push(url), Promise.resolve(true))} />,
      await plainDeps(),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Tải bản đồ tuyến' }));
    const done = await screen.findByText(/^Đã tải \d+ ô bản đồ/);
    expect(done.textContent).toContain(`Đã tải ${fetched.length} ô`);
    expect(fetched.length).toBeGreaterThan(5);
    expect(fetched.every((u) => /^https:\/\/tiles\.example\.vn\/1[3-7]\/\d+\/\d+\.png$/.test(u))).toBe(true);
    expect(new Set(fetched).size).toBe(fetched.length);
  });

  it('stops at the first failed tile and tells the technician what to do', async () => {
    let calls = 0;
    await renderPage(<RouteDownload stops={stops} config={config(true)} fetchTile={() => Promise.resolve(++calls < 4)} />, await plainDeps());
    fireEvent.click(screen.getByRole('button', { name: 'Tải bản đồ tuyến' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Tải bản đồ bị gián đoạn sau \d ô\. Kiểm tra mạng/);
    expect(calls).toBeLessThanOrEqual(5);
  });

  it('renders nothing when the config forbids bulk download', async () => {
    await renderPage(<RouteDownload stops={stops} config={config(false)} fetchTile={() => Promise.resolve(true)} />, await plainDeps());
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('downloadTiles counts progress and reports the failed URL', async () => {
    const progress: number[] = [];
    const ok = await downloadTiles(['u1', 'u2', 'u3'], { fetchTile: () => Promise.resolve(true), onProgress: (done) => progress.push(done) });
    expect(ok).toEqual({ ok: true, done: 3 });
    expect(progress).toEqual([1, 2, 3]);
    const failed = await downloadTiles(['u1', 'bad', 'u3', 'u4'], { fetchTile: (url) => Promise.resolve(url !== 'bad') });
    expect(failed).toMatchObject({ ok: false, failedUrl: 'bad' });
  });
});

const offlineError: ApiError = { code: 'NETWORK_ERROR', status: null, retryable: true };

describe('map config cache', () => {
  it('keeps the last config the server gave, and keeps it when the server cannot be reached', async () => {
    const settings = memoryKeyValue();
    const server: Pick<ApiClient, 'call'> = {
      call: (_method, path, _options, schema) => Promise.resolve(path === '/map/config' ? ok(z.parse(schema, config(true))) : err(offlineError)),
    };
    const fresh = await refreshMapConfig(server, settings);
    expect(fresh).toEqual(config(true));
    expect(readCachedMapConfig(settings)).toEqual(config(true));
    const unreachable: Pick<ApiClient, 'call'> = { call: () => Promise.resolve(err(offlineError)) };
    const offline = await refreshMapConfig(unreachable, settings);
    expect(offline).toEqual(config(true));
  });

  it('ignores a stored value that does not parse', () => {
    expect(readCachedMapConfig(memoryKeyValue({ [MAP_CONFIG_KEY]: '{"tileUrl": 3' }))).toBeNull();
    expect(readCachedMapConfig(memoryKeyValue({ [MAP_CONFIG_KEY]: '{"tileUrl": "x"}' }))).toBeNull();
  });
});

async function plainDeps() {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  return { db, platform: fakePlatform() };
}
