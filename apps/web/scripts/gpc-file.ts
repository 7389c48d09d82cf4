import { fileURLToPath } from 'node:url'
import { onmionPolicy } from '@onmion/privacy-policy'
import { gpcWellKnown } from '@onmion/privacy-schema'

/** Where the site's `/.well-known/gpc.json` lives (Vite copies `public/` into the build as it is). */
export const GPC_FILE = fileURLToPath(new URL('../public/.well-known/gpc.json', import.meta.url))

/**
 * The text of `/.well-known/gpc.json` for Onmion's policy (GPC specification, well-known resource).
 *
 * @example gpcFile() // '{"gpc":true,"lastUpdate":"2026-01-01"}\n'
 */
export function gpcFile(): string {
  return `${JSON.stringify(gpcWellKnown(onmionPolicy))}\n`
}
