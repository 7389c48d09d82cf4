/**
 * Writes POLICY.md, the rendered policy checked in beside the data it comes from, and
 * data-flow.svg, the diagram POLICY.md links. Run with
 * `pnpm --filter @onmion/privacy-policy render`; a test fails when either file is stale.
 */
import { writeFile } from 'node:fs/promises'
import { renderDataFlowSvg, renderPolicy } from '@onmion/privacy-schema'
import { onmionPolicy } from '../src/index.js'

const page = new URL('../POLICY.md', import.meta.url)
const diagram = new URL('../data-flow.svg', import.meta.url)
await writeFile(page, renderPolicy(onmionPolicy, { format: 'markdown', dataFlowHref: 'data-flow.svg' }))
await writeFile(diagram, renderDataFlowSvg(onmionPolicy))
console.log(`wrote ${page.pathname} and ${diagram.pathname}`)
