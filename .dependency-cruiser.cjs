/**
 * The import graph's rules (docs/design.md §2): no cycles, and every arrow points down the layers.
 * `npm run lint` runs `depcruise`; `npm run graph` prints the folder-level graph.
 * Layers of the PWA, top down: app → features → runtime → consoleApi, sync, local, platform, ui, i18n → domain.
 * The server: routes/http → services → store/blobs → src/domain.
 */
const below = (from, to, comment) => ({
  name: `${from.name}-not-${to.name}`,
  comment,
  severity: 'error',
  from: { path: from.path },
  to: { path: to.path },
});
const L = {
  app: { name: 'app', path: '^src/app/' },
  features: { name: 'features', path: '^src/features/' },
  runtime: { name: 'runtime', path: '^src/runtime/' },
  lower: { name: 'lower', path: '^src/(consoleApi|sync|local|platform|ui|i18n)/' },
  domain: { name: 'domain', path: '^src/domain/' },
};

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: merge them or move what both need below them.',
      from: {},
      to: { circular: true },
    },
    below(L.features, L.app, 'Screens never import the app shell; the shell composes them.'),
    below(
      { name: 'technician', path: '^src/features/technician/' },
      { name: 'console', path: '^src/features/console/' },
      'The two apps share only what sits below them.',
    ),
    below(
      { name: 'console', path: '^src/features/console/' },
      { name: 'technician', path: '^src/features/technician/' },
      'The two apps share only what sits below them.',
    ),
    below(
      { name: 'technician', path: '^src/features/technician/' },
      { name: 'consoleApi', path: '^src/consoleApi/' },
      "The technician's screens work offline: they never call the console's online API.",
    ),
    below(L.runtime, { name: 'screens', path: '^src/(app|features)/' }, 'src/runtime sits below the screens.'),
    below(L.lower, { name: 'upper', path: '^src/(app|features|runtime)/' }, 'Sync, local store, platform, widgets and texts sit below the screens.'),
    below(L.domain, { name: 'anything', path: '^(src/(?!domain/)|server/)' }, 'src/domain is pure and shared: it imports only itself and zod.'),
    below({ name: 'pwa', path: '^src/' }, { name: 'server', path: '^server/' }, 'The PWA never imports server code.'),
    below({ name: 'server', path: '^server/' }, { name: 'pwa', path: '^src/(?!domain/)' }, 'The server shares only src/domain with the PWA.'),
    below(
      { name: 'store', path: '^server/(store|blobs)/' },
      { name: 'above', path: '^server/(services|routes|http|openapi)/' },
      'The store knows nothing of services or HTTP.',
    ),
    below({ name: 'services', path: '^server/services/' }, { name: 'http', path: '^server/(routes|http)/' }, 'Services know nothing of HTTP.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|server)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
    reporterOptions: {
      archi: { collapsePattern: '^(src/features/(technician|console)/[^/]+|src/features/[^/]+|src/[^/]+|server/[^/]+)/' },
    },
  },
};
