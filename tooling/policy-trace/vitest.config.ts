import { defineTestConfig } from '@onmion/vitest-config'

// The mutation run starts one Vitest per mutant in the enforcing packages: minutes on a loaded
// machine, never a timing assertion.
export default defineTestConfig({ test: { testTimeout: 1_200_000 } })
