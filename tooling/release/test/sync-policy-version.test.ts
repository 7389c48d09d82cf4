import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parsePolicy, type Policy } from '@onmion/privacy-schema'
import { checkPolicyVersion } from '../src/check-policy-version.js'
import { policyPageProblem } from '../src/policy-page.js'
import { rewritePolicyVersion, syncPolicyVersion } from '../src/sync-policy-version.js'
import { findWorkspaceRoot } from '../src/workspace.js'
import { runOrThrow } from '../src/run.js'
import { createFixtureWorkspace, policyCopy, withVersion, type FixtureWorkspace } from './support/fixture-workspace.js'

const packageDir = join(import.meta.dirname, '..')
const tsxBin = join(packageDir, 'node_modules', '.bin', 'tsx')
const changesetBin = join(findWorkspaceRoot(packageDir), 'node_modules', '@changesets', 'cli', 'bin.js')

describe('rewritePolicyVersion', () => {
  const source = [
    "import { definePolicy } from '@onmion/privacy-schema'",
    'export const policy = definePolicy({',
    "  meta: { title: 'T', version: '1.0.0', changes: { version: 'not this one' } },",
    "  cookies: { declared: [{ name: 'c', version: '9.9.9' }] },",
    '})',
  ].join('\n')

  it('replaces only the meta.version literal and keeps its quotes', () => {
    const next = rewritePolicyVersion(source, '2.0.0')
    expect(next).toBe(source.replace("version: '1.0.0'", "version: '2.0.0'"))
    expect(rewritePolicyVersion('const p = { "meta": { "version": "1.0.0" } }', '1.1.0')).toBe('const p = { "meta": { "version": "1.1.0" } }')
  })

  it('refuses a source without exactly one meta.version literal', () => {
    expect(() => rewritePolicyVersion('const meta = { version }', '2.0.0')).toThrow(expect.objectContaining({ code: 'POLICY_SOURCE_UNSUPPORTED' }))
    expect(() => rewritePolicyVersion("[{ meta: { version: '1.0.0' } }, { meta: { version: '1.0.0' } }]", '2.0.0')).toThrow(/found 2/)
  })
})

describe('version-packages on a fixture workspace', () => {
  let workspace: FixtureWorkspace | undefined
  afterEach(async () => {
    await workspace?.remove()
    workspace = undefined
  })

  /** The policy source as the policy package writes it: definePolicy over a literal. */
  function policySource(policy: Policy): string {
    return `import { definePolicy } from '@onmion/privacy-schema'\n\nexport const onmionPolicy = definePolicy(${JSON.stringify(policy, null, 2)})\n`
  }

  // Several tsx processes and `changeset version`: minutes on a loaded machine.
  it('consumes a major changeset, sets meta.version to the new version, moves the snapshot and re-renders POLICY.md, after which the rule holds', { timeout: 300_000 }, async () => {
    // Inside this package, so the fixture's `import '@onmion/privacy-schema'` resolves.
    const ws = (workspace = await createFixtureWorkspace({ version: '1.0.0', parent: packageDir }))
    const released = withVersion(policyCopy(), '1.0.0')
    await ws.writeSnapshot(released)
    const changed = structuredClone(released)
    changed.dataCategories.find((c) => c.id === 'identifiers')!.examples.push('date of birth')
    const sourceFile = join(ws.policyDir, 'src', 'onmion-policy.ts')
    await runOrThrow('mkdir', ['-p', join(ws.policyDir, 'src')], { cwd: ws.root })
    await writeFile(sourceFile, policySource(parsePolicy(changed)))
    await ws.writeChangeset('collect-dob', { '@onmion/privacy-policy': 'major' }, 'Identifiers include the date of birth.')

    // Loaded in a new process each time, as `pnpm version-packages` does (vitest's own module
    // cache would keep serving the source as first transformed).
    const load = async (): Promise<Policy> => {
      const script = `import(${JSON.stringify(pathToFileURL(sourceFile).href)}).then((m) => console.log(JSON.stringify(m.onmionPolicy)))`
      const { stdout } = await runOrThrow(tsxBin, ['--conditions=@onmion/source', '--eval', script], { cwd: packageDir, timeoutMs: 60_000 })
      return parsePolicy(stdout)
    }
    expect((await checkPolicyVersion({ root: ws.root, current: await load() })).ok).toBe(true)

    await runOrThrow(process.execPath, [changesetBin, 'version'], { cwd: ws.root, timeoutMs: 60_000 })
    const manifest = JSON.parse(await readFile(join(ws.policyDir, 'package.json'), 'utf8')) as { version: string }
    expect(manifest.version).toBe('2.0.0')
    expect(await readFile(join(ws.policyDir, 'CHANGELOG.md'), 'utf8')).toMatch(/## 2\.0\.0[\s\S]*Major Changes[\s\S]*Identifiers include the date of birth\./)
    // Between `changeset version` and the sync, the rule is broken: exactly what the sync repairs.
    expect((await checkPolicyVersion({ root: ws.root, current: await load() })).problems.map((p) => p.code)).toContain('VERSION_MISMATCH')

    const result = await syncPolicyVersion({ policyPackageDir: ws.policyDir, loadPolicy: load })
    expect(result).toMatchObject({ version: '2.0.0', sourceChanged: true })
    expect(await readFile(sourceFile, 'utf8')).toContain('"version": "2.0.0"')
    const snapshot = parsePolicy(await readFile(join(ws.policyDir, 'released', 'policy.json'), 'utf8'))
    expect(snapshot.meta.version).toBe('2.0.0')
    expect(snapshot.dataCategories.find((c) => c.id === 'identifiers')!.examples).toContain('date of birth')

    // The page the package ships says the new version, and the unchanged date is pointed out.
    expect(await readFile(result.pageFile, 'utf8')).toContain('This is version 2.0.0')
    expect(await policyPageProblem(ws.policyDir, await load())).toBeUndefined()
    expect(result.effectiveDateWarning).toMatch(/changed since the released policy 1\.0\.0 but meta\.effectiveDate is still 2026-01-01/)

    const after = await checkPolicyVersion({ root: ws.root, current: await load() })
    expect(after.problems).toEqual([])
    expect(after.warnings).toEqual([])
    expect(after.pendingChangesets).toEqual([])
    expect((await syncPolicyVersion({ policyPackageDir: ws.policyDir, loadPolicy: load })).sourceChanged).toBe(false)
  })
})
