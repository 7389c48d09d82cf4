import { readFile } from 'node:fs/promises'
import { renderPolicy } from '@onmion/privacy-schema'
import { expect, test } from 'vitest'
import { onmionPolicy } from './index.js'

test('POLICY.md is the rendered policy', async () => {
  const checkedIn = await readFile(new URL('../POLICY.md', import.meta.url), 'utf8')
  expect(checkedIn === renderPolicy(onmionPolicy, { format: 'markdown' }), 'POLICY.md is stale: run `pnpm --filter @onmion/privacy-policy render` and commit it').toBe(true)
})
