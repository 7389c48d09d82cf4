import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetEntrypoints, checkPackage } from '../src/check-package.js'
import type { PackageManifest, WorkspacePackage } from '../src/workspace.js'

let parent: string
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'onmion-check-package-test-'))
})
afterAll(async () => rm(parent, { recursive: true, force: true }))

const exportsMap = {
  '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: { types: './dist/index.d.cts', default: './dist/index.cjs' } },
  './package.json': './package.json',
}

/** A small built package, laid out like ours (dual ESM/CJS with types for each). */
async function fixturePackage(name: string, manifest: Partial<PackageManifest>, files: Record<string, string> = {}): Promise<WorkspacePackage> {
  const dir = join(parent, name)
  await mkdir(join(dir, 'dist'), { recursive: true })
  const defaults: Record<string, string> = {
    'README.md': '# fixture\n',
    'dist/index.js': 'export function greet(name) { return `hello ${name}` }\n',
    'dist/index.cjs': "'use strict'\nexports.greet = function greet(name) { return `hello ${name}` }\n",
    'dist/index.d.ts': 'export declare function greet(name: string): string\n',
    'dist/index.d.cts': 'export declare function greet(name: string): string\n',
  }
  for (const [file, text] of Object.entries({ ...defaults, ...files })) await writeFile(join(dir, file), text)
  const full = {
    name: `@fixture/${name}`,
    version: '1.0.0',
    license: 'MIT',
    type: 'module',
    engines: { node: '>=20.19' },
    files: ['dist'],
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    exports: exportsMap,
    ...manifest,
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify(full, null, 2))
  return { dirName: name, dir, manifest: full }
}

describe('checkPackage (pnpm pack, publint, attw, manifest)', () => {
  it('passes a correct dual package, and strips the source condition through publishConfig.exports', async () => {
    const pkg = await fixturePackage('good', {
      exports: { '.': { '@onmion/source': './src/index.ts', ...exportsMap['.'] }, './package.json': './package.json' },
      publishConfig: { exports: exportsMap },
    })
    const report = await checkPackage(pkg)
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
  })

  it('fails a package that ships the source condition', async () => {
    const pkg = await fixturePackage('source', { exports: { '.': { '@onmion/source': './src/index.ts', ...exportsMap['.'] } } })
    const report = await checkPackage(pkg)
    expect(report.problems).toEqual([expect.objectContaining({ tool: 'manifest', message: expect.stringContaining('"@onmion/source"') })])
  })

  it('fails, through attw, CommonJS that is typed as ESM', async () => {
    const pkg = await fixturePackage('cjs-typed-as-esm', {
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.cjs' } },
    })
    const report = await checkPackage(pkg)
    expect(report.ok).toBe(false)
    expect(report.problems.map((p) => p.tool)).toContain('attw')
  })

  it('fails, through publint, an entry point that is not in the tarball', async () => {
    const pkg = await fixturePackage('missing', { main: './dist/missing.cjs' })
    const report = await checkPackage(pkg)
    expect(report.problems.filter((p) => p.tool === 'publint').map((p) => p.message)).toEqual([expect.stringContaining('FILE_DOES_NOT_EXIST')])
  })

  it('checks asset exports for presence only', async () => {
    const pkg = await fixturePackage(
      'styles',
      { files: ['dist', 'styles.css'], exports: { ...exportsMap, './styles.css': './styles.css' } },
      { 'styles.css': '.banner { color: black }\n' },
    )
    expect(assetEntrypoints(pkg.manifest.exports)).toEqual(['./styles.css'])
    expect((await checkPackage(pkg)).problems).toEqual([])
  })
})
