import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addToReleaseCommand, unlistedPackages } from '../src/build-order.js'
import { findWorkspaceRoot, listPublishablePackages, readManifest } from '../src/workspace.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onmion-release-workspace-'))
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: [packages/*]\n')
  const write = async (dir: string, manifest: object | string) => {
    await mkdir(join(root, dir), { recursive: true })
    await writeFile(join(root, dir, 'package.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest))
  }
  await write('packages/b', { name: '@x/b', version: '1.0.0' })
  await write('packages/a', { name: '@x/a', version: '0.1.0' })
  await write('packages/internal', { name: '@x/internal', version: '0.0.0', private: true })
  await mkdir(join(root, 'packages', 'half-made', 'src'), { recursive: true })
  await write('apps/app', { name: '@x/app', version: '0.0.0' })
})
afterAll(async () => rm(root, { recursive: true, force: true }))

describe('the workspace', () => {
  it('finds the root from a nested directory and fails typed above it', () => {
    expect(findWorkspaceRoot(join(root, 'packages', 'half-made', 'src'))).toBe(root)
    expect(() => findWorkspaceRoot(tmpdir())).toThrow(expect.objectContaining({ code: 'WORKSPACE_NOT_FOUND' }))
  })

  it('lists the non-private packages under packages/ only, sorted, skipping directories without a manifest', async () => {
    expect((await listPublishablePackages(root)).map((p) => [p.dirName, p.manifest.name])).toEqual([
      ['a', '@x/a'],
      ['b', '@x/b'],
    ])
  })

  it('rejects a manifest without a version, naming the field', async () => {
    await mkdir(join(root, 'bad'), { recursive: true })
    await writeFile(join(root, 'bad', 'package.json'), JSON.stringify({ name: '@x/bad' }))
    await expect(readManifest(join(root, 'bad'))).rejects.toThrow(/"version" must be a non-empty string/)
  })

  it('names the packages the release package must depend on, with the command that fixes it', async () => {
    const publishable = await listPublishablePackages(root)
    expect(unlistedPackages({ name: '@onmion/release', version: '0.0.0', devDependencies: { '@x/a': 'workspace:*' } }, publishable)).toEqual(['@x/b'])
    expect(addToReleaseCommand(['@x/b'])).toBe('pnpm --filter @onmion/release add -D @x/b@workspace:*')
  })
})
