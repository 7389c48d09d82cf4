/**
 * Writes POLICY.md, the rendered policy checked in beside the data it comes from.
 * Run with `pnpm --filter @onmion/privacy-policy render`; a test fails when the file is stale.
 */
import { writeFile } from 'node:fs/promises'
import { renderPolicy } from '@onmion/privacy-schema'
import { onmionPolicy } from '../src/index.js'

const target = new URL('../POLICY.md', import.meta.url)
await writeFile(target, renderPolicy(onmionPolicy, { format: 'markdown' }))
console.log(`wrote ${target.pathname}`)
