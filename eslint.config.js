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
/**
 * Every src/ block that sets no-restricted-imports repeats this: in flat config a later block's rule replaces an
 * earlier one's for the same files, it does not merge with it.
 */
const noServerOrNode = {
  group: ['**/server/**', 'node:*'],
  message: 'The PWA never imports server or Node code; share through src/domain.',
};

/** Screens and the shell use src/local through its index only: commands from useDevice(), the live-query hooks. */
const noLocalInternals = {
  regex: '^(\\.\\./)+local/.+',
  message: 'Import the device data from src/local/index.ts only (useDevice() for commands, the exported hooks for queries).',
};
/** The app shell composes the screens; a screen never reaches back into it (that was the app ↔ features cycle). */
const noAppShell = {
  regex: '^(\\.\\./)+app(/.*)?$',
  message: 'Screens never import the app shell (src/app): take what every screen shares from src/runtime, src/platform or src/ui.',
};
const noFeatures = {
  regex: '^(\\.\\./)+features(/.*)?$',
  message: 'src/runtime sits below the screens: it never imports src/features.',
};

/**
 * HTML sinks. Codes, communes and names come from imported files and devices: a string of them parsed as HTML is
 * stored injection (links, <meta http-equiv=refresh>, and script the day the CSP slips). Text goes to the page through
 * React or textContent; Leaflet (which sets any string it is given as innerHTML) gets an element from a function
 * named `…Element` (src/ui/htmlText.ts: textElement), and its attribution an escapeHtml(…) string.
 */
const LEAFLET_CONTENT = '/^(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)$/';
const ELEMENT_BUILDER = '/Element$/';
const noHtmlSinks = [
  {
    selector:
      'AssignmentExpression:matches([left.property.name=/^(innerHTML|outerHTML|srcdoc)$/], [left.property.value=/^(innerHTML|outerHTML|srcdoc)$/])',
    message: 'Never assign HTML: build elements and set textContent (or render with React); replaceChildren() empties an element.',
  },
  {
    selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|setHTMLUnsafe|createContextualFragment|parseHTMLUnsafe)$/]',
    message: 'Never parse HTML from strings: build elements and set textContent (or render with React).',
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
    message: 'Never document.write: build elements and set textContent (or render with React).',
  },
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'Never dangerouslySetInnerHTML: render the text as children, React escapes it.',
  },
  {
    selector: `CallExpression[callee.property.name=${LEAFLET_CONTENT}]:not([arguments.0.type='CallExpression'][arguments.0.callee.name=${ELEMENT_BUILDER}])`,
    message:
      'Leaflet sets a string as innerHTML: pass textElement(text) from src/ui/htmlText.ts (or another function named …Element that returns an HTMLElement).',
  },
  {
    selector: `CallExpression:matches([callee.name='divIcon'], [callee.property.name='divIcon']) > ObjectExpression > Property[key.name='html']:not([value.type='Identifier']):not([value.type='CallExpression'][value.callee.name=${ELEMENT_BUILDER}])`,
    message: 'divIcon sets a string html as innerHTML: pass an element (textElement(text) from src/ui/htmlText.ts, or one built with textContent).',
  },
  {
    // react-leaflet's layers (TileLayer, WMSTileLayer, ImageOverlay, …); our own components may pass plain text on.
    selector:
      "JSXOpeningElement[name.name=/(TileLayer|Overlay)$/] > JSXAttribute[name.name='attribution']:not([value.type='Literal']):not([value.expression.callee.name='escapeHtml'])",
    message: 'Leaflet renders the attribution as HTML: pass escapeHtml(text) from src/ui/htmlText.ts.',
  },
  {
    selector:
      "CallExpression:matches([callee.name='tileLayer'], [callee.property.name='tileLayer']) > ObjectExpression > Property[key.name='attribution']:not([value.type='Literal']):not([value.callee.name='escapeHtml'])",
    message: 'Leaflet renders the attribution as HTML: pass escapeHtml(text) from src/ui/htmlText.ts.',
  },
  {
    selector: "CallExpression[callee.property.name='addAttribution']:not([arguments.0.type='Literal']):not([arguments.0.callee.name='escapeHtml'])",
    message: 'Leaflet renders the attribution as HTML: pass escapeHtml(text) from src/ui/htmlText.ts.',
  },
];

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
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noDexie, noDexieHooks],
          patterns: [noServerOrNode],
        },
      ],
    },
  },
  {
    // src/local is the only layer that touches IndexedDB.
    files: ['src/local/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noServerOrNode],
        },
      ],
    },
  },
  {
    // UI: features, runtime and app shell reach storage and network only through src/local and src/sync.
    files: ['src/features/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'src/runtime/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', noFetchGlobal, { name: 'indexedDB', message: noDexie.message }],
      'no-restricted-imports': ['error', { paths: [noDexie, noDexieHooks], patterns: [noServerOrNode, noLocalInternals] }],
    },
  },
  {
    // Layers, top down: app → features → runtime → sync / local / platform / ui / i18n → domain.
    files: ['src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noDexie, noDexieHooks], patterns: [noServerOrNode, noLocalInternals, noAppShell] }],
    },
  },
  {
    files: ['src/runtime/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noDexie, noDexieHooks], patterns: [noServerOrNode, noLocalInternals, noAppShell, noFeatures] }],
    },
  },
  {
    // Sync, and the console's online calls, are plain TypeScript: no React, no components.
    files: ['src/sync/**/*.ts', 'src/consoleApi/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noDexie,
            noDexieHooks,
            {
              name: 'react',
              message: 'Sync logic never lives in React; expose state through a StatusStore (src/sync/syncStatus.ts) and hooks in src/features.',
            },
          ],
          patterns: [noServerOrNode],
        },
      ],
    },
  },
  {
    // Domain is pure and shared by both sides: zod and its own files only, no I/O.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Its own files include sibling folders (../protocol/…), never two levels up; dependency-cruiser checks the rest.
              regex: '^(?!zod/mini$|\\./|\\.\\./(?!\\.\\./)).+',
              message:
                'src/domain imports nothing but zod/mini and its own files (one form of schema: zod/mini tree-shakes, so a screen carries only the schemas it uses).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'fetch', 'window', 'document', 'indexedDB', 'localStorage', 'navigator', 'process', 'Buffer'],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(\\.\\./)+src/(?!domain)', message: 'The server shares only src/domain with the PWA.' }],
        },
      ],
    },
  },
  {
    // All SQL lives in server/store.
    files: ['server/**/*.ts'],
    ignores: ['server/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'All SQL lives in server/store; call a store function.' },
            { name: 'kysely/migration', message: 'Migrations live in server/store/migrations.' },
            { name: 'better-sqlite3', message: 'All SQL lives in server/store.' },
            { name: 'pg', message: 'All SQL lives in server/store.' },
          ],
          patterns: [{ regex: '^(\\.\\./)+src/(?!domain)', message: 'The server shares only src/domain with the PWA.' }],
        },
      ],
    },
  },
  {
    // Everything that runs in a browser: the PWA and the map bench.
    files: ['src/**/*.{ts,tsx}', 'bench/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', ...noHtmlSinks] },
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
