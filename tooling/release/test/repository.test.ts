import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { onmionPolicy } from '@onmion/privacy-policy'
import { addToReleaseCommand, unlistedPackages } from '../src/build-order.js'
import { checkPolicyVersion, formatPolicyRuleReport } from '../src/check-policy-version.js'
import { findWorkspaceRoot, listPublishablePackages, readManifest } from '../src/workspace.js'

const root = findWorkspaceRoot(import.meta.dirname)

describe('this repository', () => {
  it('keeps the policy rule', async () => {
    const report = await checkPolicyVersion({ root, current: onmionPolicy })
    expect(report.ok, formatPolicyRuleReport(report)).toBe(true)
  })

  it('lists every publishable package in @onmion/release devDependencies, so turbo builds it before the checks', async () => {
    const publishable = await listPublishablePackages(root)
    expect(publishable.map((p) => p.manifest.name)).toContain('@onmion/privacy-schema')
    const unlisted = unlistedPackages(await readManifest(join(import.meta.dirname, '..')), publishable)
    expect(unlisted, `fix: ${addToReleaseCommand(unlisted)}`).toEqual([])
  })

  it('never publishes the apps or the tooling', async () => {
    const names = (await listPublishablePackages(root)).map((p) => p.manifest.name)
    expect(names.filter((name) => !name.startsWith('@onmion/privacy-'))).toEqual([])
    const config = JSON.parse(await readFile(join(root, '.changeset', 'config.json'), 'utf8')) as Record<string, unknown>
    expect(config).toMatchObject({ access: 'public', baseBranch: 'main', updateInternalDependencies: 'patch', privatePackages: { version: false, tag: false } })
    expect(existsSync(join(root, 'packages', 'policy', 'released', 'policy.json'))).toBe(true)
  })
})
