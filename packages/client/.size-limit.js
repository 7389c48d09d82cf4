// The budget of the manager with its script gating, measured the way a consumer's bundler sees
// it (minified, gzipped, its dependencies included), beside vanilla-cookieconsent, the lightest
// popular peer, so both figures print in one run. Sources are bundled through the workspace's
// `@onmion/source` condition, so no prior build is needed and the figure is never stale.
const source = (config) => ({ ...config, conditions: ['@onmion/source', ...(config.conditions ?? [])] })

export default [
  {
    name: '@onmion/privacy-client (createConsentManager with script gating)',
    path: 'src/index.ts',
    import: '{ createConsentManager }',
    limit: '5 KB',
    gzip: true,
    modifyEsbuildConfig: source,
  },
  {
    name: 'vanilla-cookieconsent (baseline, JS only)',
    path: 'node_modules/vanilla-cookieconsent/dist/cookieconsent.esm.js',
    import: '{ run }',
    gzip: true,
  },
]
