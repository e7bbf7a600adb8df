import { describe, expect, it } from 'vitest';
import { dayRouteStops } from '../../src/domain/map/dayRoute';
import { boxAround, planCoords, planTiles, rangeSize, tileOf, tileRange, tileUrl, type LngLatBox } from '../../src/domain/map/tiles';
import { makeWorkOrder } from './support/fixtures';

describe('tile arithmetic (Web Mercator)', () => {
  it('finds the tile of a point as OpenStreetMap numbers it', () => {
    expect(tileOf(0, 0, 0)).toEqual({ x: 0, y: 0 });
    expect(tileOf(0, 0, 1)).toEqual({ x: 1, y: 1 });
    expect(tileOf(-180, 85, 2)).toEqual({ x: 0, y: 0 });
    // Thanh Hóa city (105.7769 E, 19.8067 N) at zoom 13 and 17, computed separately with the OSM wiki's asinh formula.
    expect(tileOf(105.7769, 19.8067, 13)).toEqual({ x: 6503, y: 3636 });
    expect(tileOf(105.7769, 19.8067, 17)).toEqual({ x: 104048, y: 58176 });
  });

  it('clamps the poles and the antimeridian into the tile grid', () => {
    expect(tileOf(180, -90, 3)).toEqual({ x: 7, y: 7 });
    expect(tileOf(-200, 90, 3)).toEqual({ x: 0, y: 0 });
  });

  it('covers a box with an inclusive range, north-west to south-east', () => {
    const box: LngLatBox = { minLng: 105.77, minLat: 19.8, maxLng: 105.79, maxLat: 19.81 };
    const range = tileRange(box, 15);
    expect(range.minX).toBeLessThanOrEqual(range.maxX);
    expect(range.minY).toBeLessThanOrEqual(range.maxY);
    expect(tileOf(box.minLng, box.maxLat, 15)).toEqual({ x: range.minX, y: range.minY });
    expect(tileOf(box.maxLng, box.minLat, 15)).toEqual({ x: range.maxX, y: range.maxY });
    expect(rangeSize(range)).toBe((range.maxX - range.minX + 1) * (range.maxY - range.minY + 1));
  });

  it('widens a route box by the margin in metres, and has none without points', () => {
    expect(boxAround([])).toBeNull();
    const box = boxAround([{ lat: 19.8, lng: 105.8 }], 1000);
    expect(box?.maxLat).toBeCloseTo(19.8 + 1000 / 111_320, 6);
    expect((box?.maxLng ?? 0) - 105.8).toBeGreaterThan(1000 / 111_320);
  });

  it('plans zooms 13 to 17 for a village-sized route and lists each tile once', () => {
    const box = boxAround([
      { lat: 19.8, lng: 105.77 },
      { lat: 19.81, lng: 105.79 },
    ]);
    if (box === null) throw new Error('no box');
    const plan = planTiles(box);
    expect(plan?.ranges.map((r) => r.z)).toEqual([13, 14, 15, 16, 17]);
    const coords = plan === null ? [] : [...planCoords(plan)];
    expect(coords).toHaveLength(plan?.count ?? -1);
    expect(new Set(coords.map((c) => `${c.z}/${c.x}/${c.y}`)).size).toBe(coords.length);
    expect(coords[0]?.z).toBe(13);
  });

  it('drops the closest zooms to stay under the cap, and refuses an area too wide for even zoom 13', () => {
    const province: LngLatBox = { minLng: 105.0, minLat: 19.3, maxLng: 106.0, maxLat: 20.6 };
    const plan = planTiles(province, 13, 17, 1500);
    expect(plan).not.toBeNull();
    expect(plan?.count).toBeLessThanOrEqual(1500);
    expect(plan?.maxZoom).toBeLessThan(17);
    expect(planTiles({ minLng: 100, minLat: 8, maxLng: 110, maxLat: 23 }, 13, 17, 1500)).toBeNull();
  });

  it('fills a Leaflet URL template, choosing the {s} subdomain from x + y', () => {
    expect(tileUrl('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { z: 13, x: 6502, y: 3596 })).toBe(
      'https://tile.openstreetmap.org/13/6502/3596.png',
    );
    expect(tileUrl('https://{s}.tiles.example.vn/{z}/{x}/{y}{r}.png', { z: 1, x: 1, y: 0 })).toBe('https://b.tiles.example.vn/1/1/0.png');
  });
});

describe("today's route stops", () => {
  it('numbers the open work orders in route order and keeps the one on screen whatever its status', () => {
    const a = makeWorkOrder({ routeOrder: 1, status: 'assigned' });
    const done = makeWorkOrder({ routeOrder: 2, status: 'completed' });
    const current = makeWorkOrder({ routeOrder: 3, status: 'completed' });
    const c = makeWorkOrder({ routeOrder: 4, status: 'in_progress' });
    const stops = dayRouteStops([a, done, current, c], current.id);
    expect(stops.map((s) => [s.id, s.number, s.current])).toEqual([
      [a.id, 1, false],
      [current.id, 2, true],
      [c.id, 3, false],
    ]);
  });
});
