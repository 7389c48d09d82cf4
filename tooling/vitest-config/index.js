// @ts-check
import { defineConfig, mergeConfig } from 'vitest/config'

const conditions = ['@onmion/source', 'module', 'node', 'import', 'default']
// Vitest hands ssr.resolve.conditions to worker processes as Node `--conditions`; with `import`
// or `module` among them, a CommonJS package's own require() (pg requiring pg-pool) loads an ESM
// build and fails. Server-side resolution keeps the source condition and Node's own defaults.
const ssrConditions = ['@onmion/source', 'node', 'default']

/**
 * Vitest preset: sibling packages resolve to their `src/` through the `@onmion/source` export
 * condition, so a test never runs against a stale build.
 *
 * @param {import('vitest/config').UserConfig} [overrides]
 */
export function defineTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { conditions },
      ssr: { resolve: { conditions: ssrConditions, externalConditions: ['@onmion/source'] } },
      test: {
        include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
        typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
        // Allowances for a shared 2-core machine (a PGlite start took over 30 s at load 30), not
        // timing assertions: speed is measured by the benchmarks.
        testTimeout: 120_000,
        hookTimeout: 300_000,
      },
    }),
    overrides,
  )
}
