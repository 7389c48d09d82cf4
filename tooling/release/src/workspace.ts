import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ReleaseError, ReleaseErrorCode } from './errors.js'

/** The fields of a package.json the release tooling reads. */
export interface PackageManifest {
  readonly name: string
  readonly version: string
  readonly private?: boolean
  readonly engines?: Readonly<Record<string, string>>
  readonly dependencies?: Readonly<Record<string, string>>
  readonly peerDependencies?: Readonly<Record<string, string>>
  readonly devDependencies?: Readonly<Record<string, string>>
  readonly scripts?: Readonly<Record<string, string>>
  readonly [field: string]: unknown
}

/** A workspace package under `packages/`, with where it lives. */
export interface WorkspacePackage {
  /** Directory name under `packages/`, e.g. `schema`. */
  readonly dirName: string
  /** Absolute path of the package directory. */
  readonly dir: string
  readonly manifest: PackageManifest
}

/**
 * The workspace root: the nearest directory at or above `from` holding `pnpm-workspace.yaml`.
 *
 * @example
 * const root = findWorkspaceRoot(import.meta.dirname) // '/work/main'
 */
export function findWorkspaceRoot(from: string): string {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new ReleaseError(ReleaseErrorCode.WORKSPACE_NOT_FOUND, `no pnpm-workspace.yaml at or above ${from}`)
    dir = parent
  }
}

/**
 * Reads and minimally validates a package.json.
 *
 * @example
 * const { name, version } = await readManifest('/work/main/packages/policy')
 */
export async function readManifest(dir: string): Promise<PackageManifest> {
  const file = join(dir, 'package.json')
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ReleaseError(ReleaseErrorCode.MANIFEST_INVALID, `${file}: cannot read package.json`, { cause: error })
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ReleaseError(ReleaseErrorCode.MANIFEST_INVALID, `${file}: not a JSON object`)
  const manifest = parsed as Record<string, unknown>
  for (const field of ['name', 'version'] as const) {
    if (typeof manifest[field] !== 'string' || manifest[field] === '') {
      throw new ReleaseError(ReleaseErrorCode.MANIFEST_INVALID, `${file}: "${field}" must be a non-empty string`)
    }
  }
  return manifest as PackageManifest
}

/**
 * Every package under `packages/` that is published (not `"private": true`), sorted by
 * directory name. Apps and tooling are never published, so only `packages/` is searched; a new
 * package there is picked up by every release check without registering it anywhere.
 *
 * @example
 * const names = (await listPublishablePackages(root)).map((p) => p.manifest.name)
 */
export async function listPublishablePackages(root: string): Promise<WorkspacePackage[]> {
  const packagesDir = join(root, 'packages')
  const entries = existsSync(packagesDir) ? await readdir(packagesDir, { withFileTypes: true }) : []
  const found: WorkspacePackage[] = []
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(packagesDir, entry.name)
    // A directory another engineer has started but not yet given a manifest is not a package yet.
    if (!existsSync(join(dir, 'package.json'))) continue
    const manifest = await readManifest(dir)
    if (manifest.private !== true) found.push({ dirName: entry.name, dir, manifest })
  }
  return found
}
