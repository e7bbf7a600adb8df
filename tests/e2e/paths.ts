import { join } from 'node:path';

// Where scripts/e2e-server.mjs keeps this run's database and its copy of the built app: per port, so two runs on
// one machine (each with its own E2E_PORT) never share them.
const port = process.env.E2E_PORT ?? '8181';
export const E2E_DATA_DIR = join(process.cwd(), '.tmp', `e2e-data-${port}`);
export const E2E_STATIC_DIR = join(process.cwd(), '.tmp', `e2e-dist-${port}`);
