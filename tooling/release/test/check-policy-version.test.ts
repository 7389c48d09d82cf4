import { afterEach, describe, expect, it } from 'vitest'
import { parsePolicy, type Policy } from '@onmion/privacy-schema'
import { PolicyRuleProblem, checkPolicyVersion, formatPolicyRuleReport } from '../src/check-policy-version.js'
import { createFixtureWorkspace, policyCopy, withVersion, type FixtureWorkspace } from './support/fixture-workspace.js'

let workspace: FixtureWorkspace | undefined
afterEach(async () => {
  await workspace?.remove()
  workspace = undefined
})

async function fixture(version = '1.0.0', released: Policy = withVersion(policyCopy(), version)): Promise<FixtureWorkspace> {
  workspace = await createFixtureWorkspace({ version })
  await workspace.writeSnapshot(released)
  return workspace
}

/** Material: the identifiers category now lists a kind of data it did not list. */
function withMaterialChange(policy: Policy): Policy {
  const next = structuredClone(policy)
  const identifiers = next.dataCategories.find((category) => category.id === 'identifiers')!
  identifiers.examples.push('date of birth')
  return parsePolicy(next)
}

/** Minor: a contact address changes. */
function withMinorChange(policy: Policy): Policy {
  const next = structuredClone(policy)
  next.meta.contact.support = 'help@onmion.com'
  return parsePolicy(next)
}

describe('checkPolicyVersion', () => {
  it('passes when the policy data is unchanged and the versions agree, with no changeset', async () => {
    const ws = await fixture()
    const report = await checkPolicyVersion({ root: ws.root, current: withVersion(policyCopy(), '1.0.0') })
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.requiredBump).toBe('none')
    expect(formatPolicyRuleReport(report)).toContain('policy rule: OK')
  })

  it('fails a material change released with a minor changeset, naming the change and the bump it needs', async () => {
    const ws = await fixture()
    await ws.writeChangeset('add-dob', { '@onmion/privacy-policy': 'minor' })
    const report = await checkPolicyVersion({ root: ws.root, current: withMaterialChange(withVersion(policyCopy(), '1.0.0')) })
    expect(report.ok).toBe(false)
    expect(report.requiredBump).toBe('major')
    expect(report.pendingBump).toBe('minor')
    expect(report.problems.map((p) => p.code)).toEqual([PolicyRuleProblem.BUMP_TOO_SMALL])
    const message = report.problems[0]!.message
    expect(message).toContain('needs a major release of @onmion/privacy-policy')
    expect(message).toContain('.changeset/add-dob.md')
    expect(message).toContain('bump it only minor')
    expect(message).toMatch(/major \(material\): dataCategories\.identifiers\.examples: .*date of birth/)
    expect(formatPolicyRuleReport(report)).toContain('FAIL [BUMP_TOO_SMALL]')
  })

  it('passes the same material change with a major changeset', async () => {
    const ws = await fixture()
    await ws.writeChangeset('add-dob', { '@onmion/privacy-policy': 'major' })
    const report = await checkPolicyVersion({ root: ws.root, current: withMaterialChange(withVersion(policyCopy(), '1.0.0')) })
    expect(report.problems).toEqual([])
    expect(report.changes.map((c) => c.path)).toEqual(['dataCategories.identifiers.examples'])
  })

  it('takes the largest bump over all pending changesets for the policy package', async () => {
    const ws = await fixture()
    await ws.writeChangeset('a-patch', { '@onmion/privacy-policy': 'patch', '@onmion/privacy-schema': 'major' })
    await ws.writeChangeset('b-major', { '@onmion/privacy-policy': 'major' })
    const report = await checkPolicyVersion({ root: ws.root, current: withMaterialChange(withVersion(policyCopy(), '1.0.0')) })
    expect(report.pendingBump).toBe('major')
    expect(report.pendingChangesets).toEqual(['a-patch', 'b-major'])
    expect(report.ok).toBe(true)
  })

  it('fails a data change when no changeset names the policy package (a major for another package does not count)', async () => {
    const ws = await fixture()
    await ws.writeChangeset('schema-only', { '@onmion/privacy-schema': 'major' })
    const report = await checkPolicyVersion({ root: ws.root, current: withMinorChange(withVersion(policyCopy(), '1.0.0')) })
    expect(report.ok).toBe(false)
    expect(report.problems[0]!.message).toContain('needs a minor release')
    expect(report.problems[0]!.message).toContain('no pending changeset bumps it')
    expect(report.problems[0]!.message).toContain('meta.contact.support')
  })

  it('fails a minor change with a patch changeset and passes it with a minor one', async () => {
    const ws = await fixture()
    await ws.writeChangeset('contact', { '@onmion/privacy-policy': 'patch' })
    const current = withMinorChange(withVersion(policyCopy(), '1.0.0'))
    expect((await checkPolicyVersion({ root: ws.root, current })).ok).toBe(false)
    await ws.writeChangeset('contact', { '@onmion/privacy-policy': 'minor' })
    expect((await checkPolicyVersion({ root: ws.root, current })).ok).toBe(true)
  })

  it('fails when the package version and meta.version differ, naming both', async () => {
    const ws = await fixture('1.0.1', withVersion(policyCopy(), '1.0.0'))
    const report = await checkPolicyVersion({ root: ws.root, current: withVersion(policyCopy(), '1.0.0') })
    expect(report.ok).toBe(false)
    expect(report.problems.map((p) => p.code)).toEqual([PolicyRuleProblem.VERSION_MISMATCH])
    expect(report.problems[0]!.message).toContain('version 1.0.1 but the policy it exports says meta.version 1.0.0')
  })

  it('does not count a version stamp change as a data change', async () => {
    const ws = await fixture('2.0.0', withVersion(policyCopy(), '1.0.0'))
    const report = await checkPolicyVersion({ root: ws.root, current: withVersion(policyCopy(), '2.0.0') })
    expect(report.ok).toBe(true)
    expect(report.changes).toEqual([])
  })

  it('fails without a released snapshot', async () => {
    workspace = await createFixtureWorkspace({ version: '1.0.0' })
    const report = await checkPolicyVersion({ root: workspace.root, current: withVersion(policyCopy(), '1.0.0') })
    expect(report.problems.map((p) => p.code)).toEqual([PolicyRuleProblem.SNAPSHOT_MISSING])
  })

  it('rejects a snapshot that is not a valid policy with a typed error', async () => {
    const ws = await fixture()
    const broken = policyCopy() as unknown as Record<string, unknown>
    delete broken.purposes
    await ws.writeSnapshot(broken as unknown as Policy)
    await expect(checkPolicyVersion({ root: ws.root, current: policyCopy() })).rejects.toMatchObject({ name: 'ReleaseError', code: 'SNAPSHOT_INVALID' })
  })
})
