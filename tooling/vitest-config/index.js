// @ts-check
import { defineConfig, mergeConfig } from 'vitest/config'

const conditions = ['@onmion/source', 'module', 'node', 'import', 'default']

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
      ssr: { resolve: { conditions, externalConditions: ['@onmion/source'] } },
      test: {
        include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
        typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
        testTimeout: 30_000,
        hookTimeout: 60_000,
      },
    }),
    overrides,
  )
}
