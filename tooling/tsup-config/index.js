// @ts-check
import { defineConfig } from 'tsup'

/**
 * Builds a library to ESM (`.js`) and CommonJS (`.cjs`) with declarations for both
 * (`.d.ts`, `.d.cts`), matching the exports map every package declares.
 * Dependencies and peer dependencies stay external (tsup's default), so a consumer gets one
 * copy of zod and of the policy.
 *
 * @param {{ entry?: string[], platform?: 'node' | 'neutral' | 'browser', target?: string }} [options]
 */
export function defineLibrary(options = {}) {
  return defineConfig({
    entry: options.entry ?? ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    platform: options.platform ?? 'neutral',
    target: options.target ?? 'es2022',
    outExtension({ format }) {
      return { js: format === 'cjs' ? '.cjs' : '.js' }
    },
  })
}
