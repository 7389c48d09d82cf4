// The publish rehearsal: what a user installs is what we tested. Every publishable package is
// published to a local Verdaccio, installed into a fresh project outside the workspace from that
// registry alone, and exercised by an ESM and a CommonJS consumer on Node 20 and Node 24.
// Run through turbo (`pnpm test` or `pnpm turbo run test --filter=@onmion/release`), whose
// `^build` builds every package first; run alone it refuses unbuilt packages rather than build
// them behind turbo's back.
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run, runOrThrow } from '../src/run.js'
import { findWorkspaceRoot, listPublishablePackages, type PackageManifest, type WorkspacePackage } from '../src/workspace.js'
import { startRegistry, type LocalRegistry } from '../src/verdaccio.js'

const root = findWorkspaceRoot(import.meta.dirname)
const consumerFixture = join(import.meta.dirname, 'consumer')
const snippetDirs = ['schema', 'policy', 'server', 'client', 'react', 'proof']

interface ConsumerResult {
  readonly package: string
  readonly format: 'esm' | 'cjs'
  readonly node: string
  readonly detail: Record<string, unknown>
}

let publishable: WorkspacePackage[] = []
let registry: LocalRegistry | undefined
let workDir: string | undefined
let consumerDir: string | undefined
const results: ConsumerResult[] = []
const lockfile: { packages: Record<string, { integrity?: string }> } = { packages: {} }

/** Exports targets (as published) that the package directory lacks: the package is not built. */
function unbuiltTargets(pkg: WorkspacePackage): string[] {
  const publishConfig = pkg.manifest.publishConfig as { exports?: unknown } | undefined
  const targets: string[] = []
  const walk = (value: unknown, condition: string): void => {
    if (typeof value === 'string') {
      if (condition !== '@onmion/source') targets.push(value)
    } else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, key)
  }
  walk(publishConfig?.exports ?? pkg.manifest.exports, '')
  return targets.filter((target) => !target.includes('*') && !existsSync(join(pkg.dir, target)))
}

/** What the consumer depends on: each package at its exact version, and their required peers. */
function consumerDependencies(manifests: readonly PackageManifest[]): Record<string, string> {
  const dependencies: Record<string, string> = {}
  for (const manifest of manifests) {
    const optional = (manifest.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (optional[name]?.optional !== true && !name.startsWith('@onmion/')) dependencies[name] = range
    }
  }
  for (const manifest of manifests) dependencies[manifest.name] = manifest.version
  return dependencies
}

/**
 * This process's environment without npm/pnpm configuration: `pnpm run` exports its settings as
 * `npm_config_*` variables (the registry among them), which would outrank the consumer's `.npmrc`.
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_config_/i.test(key)))
  return { ...env, ...extra }
}

function parseResults(stdout: string): ConsumerResult[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('RESULT '))
    .map((line) => JSON.parse(line.slice('RESULT '.length)) as ConsumerResult)
}

beforeAll(async () => {
  publishable = await listPublishablePackages(root)
  const unbuilt = publishable.flatMap((pkg) => unbuiltTargets(pkg).map((target) => `${pkg.manifest.name}: ${target}`))
  if (unbuilt.length > 0) {
    throw new Error(`packages are not built (run \`pnpm turbo run test --filter=@onmion/release\`, which builds them first):\n${unbuilt.join('\n')}`)
  }
  const rehearsed = publishable.filter((pkg) => snippetDirs.includes(pkg.dirName))

  workDir = await mkdtemp(join(tmpdir(), 'onmion-rehearsal-'))
  registry = await startRegistry({ cacheDir: join(root, 'node_modules', '.cache', 'onmion-release'), workDir })

  // Publish exactly as `changeset publish` does: pnpm publish (publishConfig applied,
  // workspace: ranges rewritten), with a user config holding the registry token and nothing else.
  const publishConfig = join(workDir, 'publish.npmrc')
  await writeFile(publishConfig, `//${new URL(registry.url).host}/:_authToken=${registry.token}\n`)
  for (const pkg of publishable) {
    await runOrThrow('pnpm', ['publish', '--registry', registry.url, '--no-git-checks', '--access', 'public'], {
      cwd: pkg.dir,
      env: cleanEnv({ npm_config_userconfig: publishConfig }),
      timeoutMs: 120_000,
    })
  }

  // A fresh project outside the workspace whose only registry is the local one.
  consumerDir = await mkdtemp(join(tmpdir(), 'onmion-consumer-'))
  const userConfig = join(workDir, 'consumer-user.npmrc')
  await writeFile(userConfig, '')
  await writeFile(join(consumerDir, '.npmrc'), `registry=${registry.url}\nengine-strict=true\n`)
  await writeFile(
    join(consumerDir, 'package.json'),
    JSON.stringify({ name: 'onmion-consumer', version: '0.0.0', private: true, dependencies: consumerDependencies(publishable.map((pkg) => pkg.manifest)) }, null, 2),
  )
  await cp(join(consumerFixture, 'consumer.mjs'), join(consumerDir, 'consumer.mjs'))
  await cp(join(consumerFixture, 'consumer.cjs'), join(consumerDir, 'consumer.cjs'))
  for (const pkg of rehearsed) {
    for (const extension of ['mjs', 'cjs']) {
      await cp(join(consumerFixture, 'snippets', `${pkg.dirName}.${extension}`), join(consumerDir, 'snippets', `${pkg.dirName}.${extension}`))
    }
  }
  await writeFile(join(consumerDir, 'packages.json'), JSON.stringify(rehearsed.map((pkg) => pkg.dirName)))
  const consumerEnv = cleanEnv({ npm_config_userconfig: userConfig })
  await runOrThrow('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumerDir, env: consumerEnv, timeoutMs: 300_000 })
  Object.assign(lockfile, JSON.parse(await readFile(join(consumerDir, 'package-lock.json'), 'utf8')))

  const node24 = (await runOrThrow('npx', ['-y', 'node@24', '-p', 'process.execPath'], { cwd: workDir, timeoutMs: 180_000 })).stdout.trim()
  for (const node of [process.execPath, node24]) {
    for (const entry of ['consumer.mjs', 'consumer.cjs']) {
      const outcome = await run(node, [entry], { cwd: consumerDir, env: consumerEnv, timeoutMs: 120_000 })
      if (outcome.code !== 0) throw new Error(`${node} ${entry} exited ${outcome.code}:\n${outcome.stdout}\n${outcome.stderr}`)
      results.push(...parseResults(outcome.stdout))
    }
  }
}, 900_000)

afterAll(async () => {
  await registry?.stop()
  for (const dir of [workDir, consumerDir]) if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('publish rehearsal', () => {
  it('publishes every publishable package and installs each from the local registry alone, outside the workspace', async () => {
    expect(publishable.length).toBeGreaterThan(0)
    expect(consumerDir!.startsWith(root)).toBe(false)
    for (const pkg of publishable) {
      // The installed tarball is the one published here: npm recorded the local registry's integrity.
      const packument = (await (await fetch(`${registry!.url}${pkg.manifest.name.replace('/', '%2f')}`)).json()) as {
        versions: Record<string, { dist: { integrity: string; tarball: string } }>
      }
      const published = packument.versions[pkg.manifest.version]!.dist
      expect(published.tarball.startsWith(registry!.url), published.tarball).toBe(true)
      expect(lockfile.packages[`node_modules/${pkg.manifest.name}`]?.integrity, pkg.manifest.name).toBe(published.integrity)
      const installed = JSON.parse(await readFile(join(consumerDir!, 'node_modules', pkg.manifest.name, 'package.json'), 'utf8')) as PackageManifest
      expect(installed.version).toBe(pkg.manifest.version)
      expect(JSON.stringify(installed)).not.toContain('workspace:')
      expect(JSON.stringify(installed.exports), `${pkg.manifest.name} ships the workspace-only source condition: add publishConfig.exports`).not.toContain('@onmion/source')
    }
  })

  it('has a consumer snippet for every publishable package', () => {
    const missing = publishable.filter((pkg) => !snippetDirs.includes(pkg.dirName)).map((pkg) => pkg.dirName)
    expect(missing, 'add test/consumer/snippets/<dir>.mjs and .cjs and list <dir> in snippetDirs').toEqual([])
  })

  for (const dir of snippetDirs) {
    it(`${dir}: the ESM and the CommonJS consumer call it on Node 20 and Node 24`, (context) => {
      const pkg = publishable.find((p) => p.dirName === dir)
      if (pkg === undefined) {
        console.warn(`\n*** REHEARSAL SKIPPED packages/${dir}: no publishable package there yet ***\n`)
        context.skip()
        return
      }
      const mine = results.filter((result) => result.package === dir)
      expect(mine.map((r) => `${r.node.split('.')[0]!} ${r.format}`).sort()).toEqual([`${process.version.split('.')[0]!} cjs`, `${process.version.split('.')[0]!} esm`, 'v24 cjs', 'v24 esm'])
      // Same answers whichever module format or Node version loaded the package.
      for (const result of mine) expect(result.detail).toEqual(mine[0]!.detail)
      expect(mine[0]!.detail).toEqual(expect.any(Object))
    })
  }

  it('answers what the packages promise', () => {
    const detail = (dir: string) => results.find((r) => r.package === dir)?.detail
    if (detail('schema')) expect(detail('schema')).toEqual({ without: 'consent_missing', granted: 'allowed_consent' })
    if (detail('policy')) expect(detail('policy')).toMatchObject({ version: publishable.find((p) => p.dirName === 'policy')!.manifest.version })
    if (detail('server')) expect(detail('server')).toEqual({ backend: 'pglite', before: 'consent_missing', after: 'allowed_consent', ledgerOk: true })
    if (detail('client')) expect(detail('client')).toMatchObject({ prompted: true, before: false, after: true })
    if (detail('react')) expect(String(detail('react')!.html)).toContain('analytics off')
  })
})
