// Lint keeps the layers of docs/design.md §2: each restriction says what to use instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noDexie = {
  name: 'dexie',
  message: 'Only src/local talks to IndexedDB. Use the hooks and commands exported by src/local.',
};
const noDexieHooks = {
  name: 'dexie-react-hooks',
  message: 'Only src/local talks to IndexedDB. Use the hooks exported by src/local.',
};
const noFetchGlobal = {
  name: 'fetch',
  message: 'UI never calls the network. Use a command from src/sync (or the API client it wraps).',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'data', 'coverage', 'test-results', 'playwright-report', 'bench/out', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [noDexie, noDexieHooks],
        patterns: [{ group: ['**/server/**', 'node:*'], message: 'The PWA never imports server or Node code; share through src/domain.' }],
      }],
    },
  },
  {
    // src/local is the only layer that touches IndexedDB.
    files: ['src/local/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**', 'node:*'], message: 'The PWA never imports server or Node code; share through src/domain.' }],
      }],
    },
  },
  {
    // UI: features and app shell reach storage and network only through src/local and src/sync.
    files: ['src/features/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', noFetchGlobal, { name: 'indexedDB', message: noDexie.message }],
    },
  },
  {
    // Sync is plain TypeScript: no React, no components.
    files: ['src/sync/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noDexie, noDexieHooks, { name: 'react', message: 'Sync logic never lives in React; expose state through src/sync/store and hooks in src/features.' }],
      }],
    },
  },
  {
    // Domain is pure and shared by both sides: zod and its own files only, no I/O.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!zod(/mini)?$|\\./).+', message: 'src/domain imports nothing but zod (or zod/mini) and its own files.' }],
      }],
      'no-restricted-globals': ['error', 'fetch', 'window', 'document', 'indexedDB', 'localStorage', 'navigator', 'process', 'Buffer'],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(\\.\\./)+src/(?!domain)', message: 'The server shares only src/domain with the PWA.' },
        ],
      }],
    },
  },
  {
    // All SQL lives in server/store.
    files: ['server/**/*.ts'],
    ignores: ['server/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'kysely', message: 'All SQL lives in server/store; call a store function.' },
          { name: 'better-sqlite3', message: 'All SQL lives in server/store.' },
          { name: 'pg', message: 'All SQL lives in server/store.' },
        ],
        patterns: [{ regex: '^(\\.\\./)+src/(?!domain)', message: 'The server shares only src/domain with the PWA.' }],
      }],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': 'off',
      'no-restricted-globals': 'off',
    },
  },
);
