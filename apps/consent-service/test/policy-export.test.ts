import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { FideslangExport, FidesManifest } from '@onmion/privacy-schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'

async function run(args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(['node', 'onmion-privacy', ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } })
  return { code, stdout, stderr }
}

describe('onmion-privacy policy export --format fideslang', () => {
  let dir = ''
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'onmion-fideslang-'))))
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('prints the taxonomy and system manifests, valid under the fideslang model', async () => {
    const printed = await run(['policy', 'export', '--format', 'fideslang'])
    expect(printed.code).toBe(0)
    const exported = FideslangExport.parse(JSON.parse(printed.stdout))
    expect(exported.taxonomy.data_category).toHaveLength(onmionPolicy.dataCategories.length)
    expect(exported.system.system?.[0]?.privacy_declarations).toHaveLength(onmionPolicy.purposes.length)
  })

  it('writes the two manifest files with --out', async () => {
    const written = await run(['policy', 'export', '--format', 'fideslang', '--out', dir])
    expect(written.code).toBe(0)
    expect(written.stdout).toContain('fides push')
    const taxonomy = FidesManifest.parse(JSON.parse(await readFile(join(dir, 'onmion-taxonomy.yml'), 'utf8')))
    const system = FidesManifest.parse(JSON.parse(await readFile(join(dir, 'onmion-system.yml'), 'utf8')))
    expect(FideslangExport.safeParse({ taxonomy, system }).success).toBe(true)
  })

  it('refuses another format, or none, as a usage error', async () => {
    expect((await run(['policy', 'export', '--format', 'csv'])).code).toBe(2)
    expect((await run(['policy', 'export'])).code).toBe(2)
  })
})
