import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import semver from 'semver'
import { readManifest, type PackageManifest, type WorkspacePackage } from './workspace.js'
import { run, runOrThrow } from './run.js'

/**
 * The oldest Node every published package must run on: the workspace's own floor.
 *
 * @example semver.satisfies(NODE_FLOOR, manifest.engines.node) // must be true
 */
export const NODE_FLOOR = '20.19.0'

/**
 * The tools a package check runs, so a failure says which one to read.
 *
 * @example report.problems.filter((p) => p.tool === PackageCheckTool.attw)
 */
export const PackageCheckTool = { publint: 'publint', attw: 'attw', manifest: 'manifest' } as const
export type PackageCheckTool = (typeof PackageCheckTool)[keyof typeof PackageCheckTool]

/** One finding of a package check. */
export interface PackageProblem {
  readonly tool: PackageCheckTool
  readonly message: string
}

/** The outcome of checking one package's tarball. */
export interface PackageCheckReport {
  readonly name: string
  readonly version: string
  readonly ok: boolean
  readonly problems: readonly PackageProblem[]
  /** publint suggestions: printed, not failing. */
  readonly suggestions: readonly string[]
}

const require = createRequire(import.meta.url)
const attwBin = join(require.resolve('@arethetypeswrong/cli/package.json'), '..', 'dist', 'index.js')

/**
 * Packs a built package exactly as `pnpm publish` would (publishConfig applied, `workspace:`
 * ranges rewritten) and checks the tarball:
 *
 * - publint, strict (warnings fail);
 * - Are the Types Wrong, `node16` profile: ESM and CJS entry points each resolve to their own
 *   types under Node's resolution (the engines floor is Node 20, so node10 resolution is moot);
 * - the manifest: `engines.node` admits Node {@link NODE_FLOOR}, no `workspace:` range, every
 *   exports target is in the tarball (publint does not follow custom conditions such as
 *   `@onmion/source`), and a README ships.
 *
 * @example
 * const report = await checkPackage(pkg)
 * if (!report.ok) for (const p of report.problems) console.error(`${p.tool}: ${p.message}`)
 */
export async function checkPackage(pkg: WorkspacePackage): Promise<PackageCheckReport> {
  const work = await mkdtemp(join(tmpdir(), 'onmion-check-package-'))
  try {
    const tarball = await packPackage(pkg.dir, work)
    const unpacked = join(work, 'unpacked')
    await runOrThrow('tar', ['-xzf', tarball, '-C', work], { cwd: work, timeoutMs: 60_000 })
    await runOrThrow('mv', [join(work, 'package'), unpacked], { cwd: work, timeoutMs: 10_000 })
    const manifest = await readManifest(unpacked)
    const problems: PackageProblem[] = []
    const suggestions: string[] = []

    const lint = await publint({ pack: { tarball: toArrayBuffer(await readFile(tarball)) }, strict: true, level: 'suggestion' })
    for (const message of lint.messages) {
      const text = `${message.code}: ${formatMessage(message, lint.pkg, { color: false }) ?? ''}`
      if (message.type === 'suggestion') suggestions.push(text)
      else problems.push({ tool: PackageCheckTool.publint, message: text })
    }

    const assets = assetEntrypoints(manifest.exports)
    const attwArgs = [attwBin, tarball, '--profile', 'node16', '--format', 'table-flipped', '--no-color', '--no-emoji', '--no-summary']
    if (assets.length > 0) attwArgs.push('--exclude-entrypoints', ...assets)
    const attw = await run(process.execPath, attwArgs, {
      cwd: work,
      timeoutMs: 120_000,
    })
    if (attw.code !== 0) problems.push({ tool: PackageCheckTool.attw, message: `${attw.stdout}${attw.stderr}`.trim() })

    for (const message of manifestProblems(manifest, (path) => existsSync(join(unpacked, path)))) {
      problems.push({ tool: PackageCheckTool.manifest, message })
    }
    return { name: manifest.name, version: manifest.version, ok: problems.length === 0, problems, suggestions }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/**
 * Packs a package directory with pnpm into `destination` and returns the tarball's path.
 *
 * @example
 * const tgz = await packPackage(join(root, 'packages/schema'), tmp)
 */
export async function packPackage(dir: string, destination: string): Promise<string> {
  const { stdout } = await runOrThrow('pnpm', ['pack', '--json', '--pack-destination', destination], { cwd: dir, timeoutMs: 120_000 })
  const packed = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { filename: string }
  return packed.filename
}

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buffer.byteLength)
  new Uint8Array(copy).set(buffer)
  return copy
}

/**
 * What the published manifest gets wrong beyond publint's rules.
 *
 * @example
 * manifestProblems(manifest, (path) => existsSync(join(unpacked, path))) // []
 */
export function manifestProblems(manifest: PackageManifest, shipped: (path: string) => boolean): string[] {
  const problems: string[] = []
  const engine = manifest.engines?.node
  if (engine === undefined) problems.push(`"engines.node" is missing: declare ">=${NODE_FLOOR.replace(/\.0$/, '')}"`)
  else if (!semver.satisfies(NODE_FLOOR, engine)) problems.push(`"engines.node" is "${engine}", which rejects Node ${NODE_FLOOR}`)

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    const ranges = (manifest[field] ?? {}) as Record<string, string>
    for (const [name, range] of Object.entries(ranges)) {
      if (range.startsWith('workspace:') || range.startsWith('catalog:')) problems.push(`${field}.${name} is "${range}" in the tarball: publish with pnpm, which rewrites it`)
    }
  }

  for (const [path, target] of exportTargets(manifest.exports, ['exports'])) {
    if (path.includes('@onmion/source')) {
      problems.push(
        `${path} ("${target}") is published: the workspace-only "@onmion/source" condition must not ship. ` +
          'Add "publishConfig.exports": the "exports" map without that condition.',
      )
    } else if (!target.includes('*') && !shipped(target)) {
      problems.push(`${path} points at "${target}", which is not in the tarball`)
    }
  }
  if (!['README.md', 'readme.md', 'README'].some(shipped)) problems.push('no README.md in the tarball: add one next to package.json')
  return problems
}

const CODE_FILE = /\.(?:[cm]?js|json|d\.[cm]?ts)$/

/**
 * Export subpaths that point at assets (a stylesheet, say): no types to check, so attw skips them;
 * the manifest check still requires their files to ship.
 *
 * @example
 * assetEntrypoints({ '.': './dist/index.js', './styles.css': './styles.css' }) // ['./styles.css']
 */
export function assetEntrypoints(exports: unknown): string[] {
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return []
  return Object.entries(exports)
    .filter(([subpath, target]) => subpath.startsWith('.') && exportTargets(target, []).every(([, file]) => !CODE_FILE.test(file)))
    .map(([subpath]) => subpath)
}

function exportTargets(value: unknown, path: string[]): [string, string][] {
  if (typeof value === 'string') return [[path.join(''), value]]
  if (Array.isArray(value)) return value.flatMap((item, i) => exportTargets(item, [...path, String(i)]))
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => exportTargets(item, [...path, `["${key}"]`]))
  return []
}
