import { defineTestConfig } from '@onmion/vitest-config'

export default defineTestConfig({
  test: {
    // Vitest's default on two cores is one worker, which left a core idle for the last two thirds
    // of CI (this suite outlasts every other package's). Each test opens its own database
    // (test/backends.ts), so files run side by side safely: alone, 5.3 min with two workers for
    // 9.3 min of CPU.
    maxWorkers: 2,
  },
})
