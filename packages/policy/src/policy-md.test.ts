import { readFile } from 'node:fs/promises'
import { renderDataFlowSvg, renderPolicy } from '@onmion/privacy-schema'
import { expect, test } from 'vitest'
import { onmionPolicy } from './index.js'

const FIX = 'run `pnpm --filter @onmion/privacy-policy render` and commit it'

test('POLICY.md is the rendered policy, linking the data-flow diagram', async () => {
  const checkedIn = await readFile(new URL('../POLICY.md', import.meta.url), 'utf8')
  expect(checkedIn === renderPolicy(onmionPolicy, { format: 'markdown', dataFlowHref: 'data-flow.svg' }), `POLICY.md is stale: ${FIX}`).toBe(true)
  expect(checkedIn).toContain('](data-flow.svg)')
})

test('data-flow.svg is the rendered diagram', async () => {
  const checkedIn = await readFile(new URL('../data-flow.svg', import.meta.url), 'utf8')
  expect(checkedIn === renderDataFlowSvg(onmionPolicy), `data-flow.svg is stale: ${FIX}`).toBe(true)
  for (const entity of [...onmionPolicy.dataCategories, ...onmionPolicy.purposes, ...onmionPolicy.recipients]) expect(checkedIn).toContain(`-${entity.id}"`)
})
