import { defineConfig } from 'vitest/config';

// Two projects: `unit` (domain rules, local store on fake-indexeddb, sync, components in jsdom)
// and `server` (integration through HTTP on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/unit/setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          // Suites share one PostgreSQL server; each file uses its own schema, files run in parallel.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
