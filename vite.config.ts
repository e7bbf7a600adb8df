import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './scripts/vitePrecompress.ts';
import { serviceWorkerBuild } from './scripts/viteServiceWorkerBuild.ts';

/** Deep blue: white text on it is 8:1, and it stays readable in direct sunlight. */
const BRAND_COLOUR = '#0b4f9c';

/**
 * Libraries the first screen needs (React, router, i18n, zod, Dexie), in one chunk of their own.
 * Left to itself, rolldown splits them differently whenever a lazy screen starts sharing some of
 * them (the capture screens share zod and Dexie), and several small chunks gzip worse than one.
 * One vendor chunk also survives app updates in the browser cache: it changes only with a library.
 */
const FIRST_SCREEN_LIBRARIES =
  /node_modules[\\/](react|react-dom|scheduler|react-router|dexie|dexie-react-hooks|i18next|react-i18next|use-sync-external-store|cookie|set-cookie-parser|void-elements|html-parse-stringify)[\\/]/;

/**
 * The app's own modules the first screen shares with lazy screens (session, local database, i18n, small domain
 * rules), in one chunk: left to itself, rolldown gives each shared module a chunk of its own, and a slow phone then
 * fetches a dozen 1–4 kB files before the list can show (each one a request on a 150 ms link).
 */
const FIRST_SCREEN_SHARED =
  /[\\/]src[\\/](runtime[\\/]contexts|platform[\\/]PlatformContext|domain[\\/](?:\w+[\\/])?(time|workOrderRules|result|limits|roles|errorCatalogue|localProgress|workOrderList|outboxRules)|local[\\/](returns|DeviceProvider|device|meta|applyPull|database|unsyncedWork|hooks|photoQueueStore|deviceBacklog|pullStore)|ui[\\/]icons|i18n[\\/](index|vi))\.tsx?$/;

const swBuild = serviceWorkerBuild();

/** The API server during development (`npm run dev` proxies to it; production serves both from one origin). */
const API_TARGET = 'http://localhost:8080';

export default defineConfig({
  plugins: [
    react(),
    swBuild.main,
    VitePWA({
      // injectManifest: our own src/sw/sw.ts, so the worker provably never touches /api/*
      // (generateSW would add runtime routes we would then have to switch off one by one).
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // 'prompt': a new version waits for the user's tap (src/app/UpdatePrompt.tsx); an automatic
      // reload could interrupt a technician in the middle of a record.
      registerType: 'prompt',
      // Registration happens in src/runtime/pwaUpdate.ts through virtual:pwa-register: no inline
      // script in index.html (the CSP forbids inline script).
      injectRegister: false,
      injectManifest: {
        // The whole shell, icons included, so the installed app starts with no signal at all
        // (the plugin adds manifest.webmanifest itself).
        // .wasm: the barcode reader (zxing-wasm, ~1.1 MB, ~460 KB over the wire), so scanning works offline
        // from the first day; it stays out of every page's JavaScript (loaded only when the scanner opens).
        globPatterns: ['**/*.{js,css,html,svg,png,ico,wasm}'],
        buildPlugins: { vite: [swBuild.worker] },
      },
      // The glob above already lists icons and favicons; listing them again would duplicate precache entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Treo tháo công tơ',
        short_name: 'Treo tháo',
        description: 'Nhận việc, thay công tơ và đồng bộ dữ liệu, kể cả khi không có mạng.',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: BRAND_COLOUR,
        background_color: BRAND_COLOUR,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // The worker is a production concern; in dev it would cache modules and confuse HMR.
      devOptions: { enabled: false },
    }),
    // `npm run demo` builds with PRECOMPRESS=fast: a quick first start; every other build gets the smallest files.
    precompress(process.env.PRECOMPRESS === 'fast' ? 'fast' : 'best'),
  ],
  server: {
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
  build: {
    target: 'es2022',
    // Built for operators decoding a stack trace; the server hands them out only with SERVE_SOURCE_MAPS=1
    // (server/http/staticFiles.ts). The comment naming each map stays, so devtools find them when that is on.
    sourcemap: true,
    rolldownOptions: {
      // The one slow step is on purpose (precompress at its best levels, ~13 s of CPU): the timing report rolldown
      // printed after every build (npm run build, npm test, npm run demo) said only that. `true` to profile plugins.
      checks: { bundlerTimings: false },
      // src/domain is pure by rule (lint: no I/O) and src/local's modules only declare things: a module whose exports
      // nobody uses is dropped whole, so a barrel (src/local/index.ts, the one door screens use) never drags the
      // capture commands and their schemas onto the first screen.
      treeshake: {
        moduleSideEffects: (id: string) => !/[\\/]src[\\/](domain|local)[\\/]/.test(id),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: FIRST_SCREEN_LIBRARIES },
            { name: 'shell', test: FIRST_SCREEN_SHARED },
          ],
        },
      },
    },
  },
});
