import { defineTestConfig } from '@onmion/vitest-config'

// The docs suite type-checks every snippet in one program and runs the marked ones: minutes on a
// loaded machine, never a timing assertion.
export default defineTestConfig({ test: { testTimeout: 600_000 } })
