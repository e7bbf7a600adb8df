import type { LogLevel, Plugin } from 'vite';

/** The worker build's output options as vite-plugin-pwa 2.0 writes them: under their pre-rolldown names. */
interface PwaWorkerOutput {
  inlineDynamicImports?: boolean;
  codeSplitting?: unknown;
}
interface PwaWorkerBuild {
  rollupOptions?: { output?: PwaWorkerOutput | PwaWorkerOutput[] };
}

/**
 * vite-plugin-pwa (2.0) builds src/sw/sw.ts in a second Vite build of its own, which on Vite 8 (1) sets rolldown's
 * deprecated `output.inlineDynamicImports`, so every build printed a deprecation warning, and (2) does not follow the
 * command's `--logLevel`, so its banner and file list showed even under `--logLevel warn` (`npm run demo`). `main`
 * goes in the app's plugins and remembers the build's log level; `worker` goes in the worker build's plugins
 * (`injectManifest.buildPlugins.vite`), applies that level and asks for the same single file the way rolldown
 * spells it now (`codeSplitting: false`).
 */
export function serviceWorkerBuild(): { main: Plugin; worker: Plugin } {
  let logLevel: LogLevel = 'info';
  return {
    main: {
      name: 'meterswap:service-worker-log-level',
      apply: 'build',
      configResolved(config) {
        logLevel = config.logLevel ?? 'info';
      },
    },
    worker: {
      name: 'meterswap:service-worker-build',
      config(config) {
        const build: PwaWorkerBuild | undefined = config.build;
        const output = build?.rollupOptions?.output;
        if (output !== undefined && !Array.isArray(output) && 'inlineDynamicImports' in output) {
          delete output.inlineDynamicImports;
          output.codeSplitting = false;
        }
        return { logLevel };
      },
    },
  };
}
