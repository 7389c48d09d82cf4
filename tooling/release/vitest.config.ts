import { defineTestConfig } from '@onmion/vitest-config'

// The package checks run pnpm pack, publint and attw in child processes, and the rehearsal
// publishes to a local registry: on a loaded 2-core machine one check took over 30 s. Minutes of
// allowance, never a timing assertion.
export default defineTestConfig({ test: { testTimeout: 300_000 } })
