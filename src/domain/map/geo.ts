import * as z from 'zod/mini';

/** Field thresholds (domain.md; inferred, so configurable in one place). */
export const GPS_THRESHOLDS = {
  /** A fix less precise than this (metres) gets a warning. */
  maxAccuracyM: 50,
  /** A fix farther than this (metres) from the work order's coordinates gets a warning. */
  maxDistanceM: 200,
} as const;
export type GpsThresholds = { maxAccuracyM: number; maxDistanceM: number };

export const GpsFix = z.strictObject({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
  accuracyM: z.number().check(z.nonnegative(), z.lte(100_000)),
  at: z.iso.datetime({ offset: true }),
});
export type GpsFix = z.infer<typeof GpsFix>;

const EARTH_RADIUS_M = 6_371_008.8;

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type GpsWarning = 'low_accuracy' | 'far_from_site';

/** Warnings for a fix against the work order's site; an empty list means the fix is good. */
export function assessFix(
  fix: { lat: number; lng: number; accuracyM: number },
  site: { lat: number; lng: number },
  thresholds: GpsThresholds = GPS_THRESHOLDS,
): { distanceM: number; warnings: GpsWarning[] } {
  const distanceM = distanceMeters(fix, site);
  const warnings: GpsWarning[] = [];
  if (fix.accuracyM > thresholds.maxAccuracyM) warnings.push('low_accuracy');
  if (distanceM > thresholds.maxDistanceM) warnings.push('far_from_site');
  return { distanceM, warnings };
}
