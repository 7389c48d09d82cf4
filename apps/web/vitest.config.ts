import { defineTestConfig } from '@onmion/vitest-config'

// The browser suite: a real Chromium against the built site, served on loopback.
export default defineTestConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
})
