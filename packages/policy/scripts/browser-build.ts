/**
 * The last step of `pnpm build`, after tsup: validates the policy, then writes the browser build.
 *
 * The package ships the policy as data, typed but not validated at import (so a browser
 * downloads no validator), so an invalid policy must stop the build here: `parsePolicy` must
 * accept it and change nothing (every default written out, since the exported type claims a
 * validated policy). Then `dist/browser.js` and `dist/browser.cjs` (see browser-module.ts).
 */
import { writeFile } from 'node:fs/promises'
import { isDeepStrictEqual } from 'node:util'
import { isPolicyValidationError, parsePolicy } from '@onmion/privacy-schema'
import { onmionPolicy } from '../src/index.js'
import { BROWSER_SECTIONS, browserModule } from './browser-module.js'

try {
  if (!isDeepStrictEqual(parsePolicy(JSON.parse(JSON.stringify(onmionPolicy))), onmionPolicy)) {
    console.error('onmionPolicy is valid but not in its parsed form: write out the defaults parsePolicy fills in (the package tests show the diff)')
    process.exit(1)
  }
} catch (error) {
  if (!isPolicyValidationError(error)) throw error
  console.error('onmionPolicy is invalid:')
  for (const issue of error.issues) console.error(`  ${issue.path}: ${issue.message}`)
  process.exit(1)
}

const dist = new URL('../dist/', import.meta.url)
await writeFile(new URL('browser.js', dist), browserModule(onmionPolicy, 'esm'))
await writeFile(new URL('browser.cjs', dist), browserModule(onmionPolicy, 'cjs'))
console.log(`onmionPolicy ${onmionPolicy.meta.version} is valid; wrote dist/browser.js and dist/browser.cjs (${BROWSER_SECTIONS.join(', ')})`)
