import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { parsePolicy, renderDataFlowSvg, renderPolicy } from '@onmion/privacy-schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { effectiveDateWarning } from '../src/effective-date.js'
import { policyPageProblem, writePolicyPage } from '../src/policy-page.js'
import { findWorkspaceRoot } from '../src/workspace.js'
import { policyCopy, withVersion } from './support/fixture-workspace.js'

describe('the policy page (POLICY.md)', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onmion-policy-page-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('is missing, stale after a version change, and current once re-rendered', async () => {
    expect(await policyPageProblem(dir, onmionPolicy)).toMatch(/POLICY\.md is missing/)
    await writeFile(join(dir, 'POLICY.md'), renderPolicy(onmionPolicy, { format: 'markdown', dataFlowHref: 'data-flow.svg' }))
    expect(await policyPageProblem(dir, onmionPolicy)).toMatch(/data-flow\.svg, the data-flow diagram POLICY\.md links, is missing or stale/)
    await writeFile(join(dir, 'data-flow.svg'), renderDataFlowSvg(onmionPolicy))
    expect(await policyPageProblem(dir, onmionPolicy)).toBeUndefined()
    const next = withVersion(policyCopy(), '2.0.0')
    expect(await policyPageProblem(dir, next)).toMatch(/POLICY\.md is stale: it is not what policy 2\.0\.0 renders to[\s\S]*pnpm --filter @onmion\/privacy-policy render/)
    // The way out is a command that works on a stale page: `version-packages` checks the page first.
    expect(await policyPageProblem(dir, next)).toMatch(/`pnpm version-packages` refuses a stale page/)
    await writePolicyPage(dir, next)
    expect(await policyPageProblem(dir, next)).toBeUndefined()
  })

  it("is current in this repository (what check:policy enforces in CI)", async () => {
    expect(await policyPageProblem(join(findWorkspaceRoot(import.meta.dirname), 'packages', 'policy'), onmionPolicy)).toBeUndefined()
  })
})

describe('effectiveDateWarning', () => {
  const released = withVersion(policyCopy(), '1.0.0')
  const changed = (date?: string) => {
    const next = structuredClone(released)
    next.meta.contact.support = 'help@onmion.com'
    if (date !== undefined) next.meta.effectiveDate = date
    return parsePolicy(next)
  }

  it('warns when the content changed and the effective date did not', () => {
    expect(effectiveDateWarning(released, changed())).toMatch(/meta\.effectiveDate is still 2026-01-01/)
  })

  it('is quiet with a new date, with no content change (only the version moved), and with no released policy', () => {
    expect(effectiveDateWarning(released, changed('2027-01-01'))).toBeUndefined()
    expect(effectiveDateWarning(released, withVersion(policyCopy(), '1.0.1'))).toBeUndefined()
    expect(effectiveDateWarning(undefined, changed())).toBeUndefined()
  })
})
