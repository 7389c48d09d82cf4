// The verifier's budget as a consumer's bundler sees it (minified, gzipped): every check it
// offers. Sources are bundled through the workspace's `@onmion/source` condition, so no build is needed.
const source = (config) => ({ ...config, conditions: ['@onmion/source', ...(config.conditions ?? [])] })

export default [
  {
    name: '@onmion/privacy-proof (every verifier)',
    path: 'src/index.ts',
    import: '{ verifyCheckpoint, verifyEventProof, verifyConsistency, verifyReceipt }',
    limit: '3.5 KB',
    gzip: true,
    modifyEsbuildConfig: source,
  },
]
