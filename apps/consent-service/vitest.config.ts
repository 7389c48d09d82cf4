import { defineTestConfig } from '@onmion/vitest-config'

export default defineTestConfig({
  test: {
    // Generous: these suites start real service processes, and CI runs other packages' suites at once.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Each suite starts real service processes; two at a time is what two cores carry.
    maxWorkers: 2,
  },
})
