// @ts-check
import { defineConfig, mergeConfig } from 'vitest/config'

const conditions = ['@onmion/source', 'module', 'node', 'import', 'default']
// Vitest hands ssr.resolve.conditions to worker processes as Node `--conditions`; with `import`
// or `module` among them, a CommonJS package's own require() (pg requiring pg-pool) loads an ESM
// build and fails. Server-side resolution keeps the source condition and Node's own defaults.
const ssrConditions = ['@onmion/source', 'node', 'default']

/**
 * The policy trace's mutation run (tooling/policy-trace) starts Vitest with one mutant described in
 * ONMION_TRACE_MUTANT: `{ file, after?, find, replace }`. This plugin applies it to that one source
 * file as Vite loads it, so the working tree is never edited and parallel runs cannot see it.
 * Without the variable there is no plugin.
 *
 * @returns {import('vite').Plugin | undefined}
 */
function traceMutant() {
  const spec = process.env.ONMION_TRACE_MUTANT
  if (!spec) return undefined
  /** @type {{ file: string, after?: string, find: string, replace: string }} */
  const mutant = JSON.parse(spec)
  return {
    name: 'onmion-trace-mutant',
    enforce: 'pre',
    transform(code, id) {
      if (id.split('?')[0] !== mutant.file) return undefined
      const from = mutant.after === undefined ? 0 : code.indexOf(mutant.after)
      const at = from < 0 ? -1 : code.indexOf(mutant.find, from)
      // The runner checked the text before starting; a miss here means the file changed under it.
      if (at < 0) throw new Error(`trace mutant: "${mutant.find}" not found in ${mutant.file}`)
      return code.slice(0, at) + mutant.replace + code.slice(at + mutant.find.length)
    },
  }
}

/**
 * Vitest preset: sibling packages resolve to their `src/` through the `@onmion/source` export
 * condition, so a test never runs against a stale build.
 *
 * @param {import('vitest/config').UserConfig} [overrides]
 */
export function defineTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      plugins: [traceMutant()],
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
