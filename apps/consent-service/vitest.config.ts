import { defineTestConfig } from '@onmion/vitest-config'

const config = defineTestConfig({
  test: {
    // Generous: these suites start real service processes, and CI runs other packages' suites at once.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Each suite starts real service processes; two at a time is what two cores carry.
    maxWorkers: 2,
  },
})
// Vitest hands ssr.resolve.conditions to workers as Node `--conditions`; with `import` among
// them, pg's own require('pg-pool') loads pg-pool's ESM build and fails. Keep the source
// condition, drop the ones Node's require must not see.
const ssrResolve = config.ssr?.resolve
if (ssrResolve?.conditions) ssrResolve.conditions = ssrResolve.conditions.filter((c: string) => c !== 'import' && c !== 'module')
export default config
