import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The package version, read once at start-up: what /api/v1/health reports. */
export function readPackageVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}
