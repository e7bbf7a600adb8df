import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapConfig, MAX_CACHED_TILES } from '../../src/domain/map/mapConfig';
import { backends, startTestServer, type TestServer } from './harness';
import { expectProblem } from './problems';

describe.each(backends)('map config (%s)', (backend) => {
  let plain: TestServer;
  let bulk: TestServer;

  beforeAll(async () => {
    plain = await startTestServer(backend, { seed: 200 });
    bulk = await startTestServer(backend, {
      seed: 200,
      config: { tileUrl: 'https://tiles.example.vn/{z}/{x}/{y}.png', tileAttribution: '© Bản đồ EVN', tileBulkDownload: true },
    });
  });
  afterAll(async () => {
    await plain.close();
    await bulk.close();
  });

  it.each(['tech1', 'supervisor1', 'admin'])('answers %s with the tile source, OpenStreetMap and no bulk download by default', async (username) => {
    const client = await plain.login(username);
    const res = await client.get('/api/v1/map/config');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(MapConfig.parse(res.json())).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap contributors',
      bulkDownload: false,
      maxCachedTiles: MAX_CACHED_TILES,
    });
  });

  it('passes on the configured tile URL, attribution and bulk-download permission', async () => {
    const client = await bulk.login('tech4');
    expect(MapConfig.parse((await client.get('/api/v1/map/config')).json())).toEqual({
      tileUrl: 'https://tiles.example.vn/{z}/{x}/{y}.png',
      attribution: '© Bản đồ EVN',
      bulkDownload: true,
      maxCachedTiles: MAX_CACHED_TILES,
    });
  });

  it('refuses a caller without a session with 401 UNAUTHENTICATED', async () => {
    expectProblem(await plain.client().get('/api/v1/map/config'), 401, 'UNAUTHENTICATED');
  });
});
