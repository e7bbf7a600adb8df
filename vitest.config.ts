import { defineConfig } from 'vitest/config';

// Three projects:
// - `unit`: `tests/unit/**/*.test.ts` in plain Node — domain rules, the local store (fake-indexeddb), sync, i18n
//   resources, docs. Setting up jsdom costs ~1 s per file and was half of the unit suite's time, so a test gets a
//   DOM only when it asks for one: a `.ts` test that needs `document` or `window` starts with the line
//   `// @vitest-environment jsdom`.
// - `dom`: `tests/unit/**/*.test.tsx` in jsdom — tests that render components.
// - `server`: integration through HTTP on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
// `npm run test:unit` runs `unit` and `dom`; one file runs with `npx vitest run tests/unit/<file>` (its project is
// found from the file's extension).
const unitSetup = ['tests/unit/setup.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: unitSetup,
        },
      },
      {
        test: {
          name: 'dom',
          include: ['tests/unit/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: unitSetup,
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
