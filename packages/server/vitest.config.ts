import { defineTestConfig } from '@onmion/vitest-config'

const config = defineTestConfig()
// Vitest hands ssr.resolve.conditions to worker processes as Node `--conditions`; with `import`
// among them, `pg`'s own require('pg-pool') loads pg-pool's ESM build and fails. Keep the source
// condition, drop the ones Node's require must not see.
const ssrResolve = config.ssr?.resolve
if (ssrResolve?.conditions) ssrResolve.conditions = ssrResolve.conditions.filter((c: string) => c !== 'import' && c !== 'module')
export default config
