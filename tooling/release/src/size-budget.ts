import { join } from 'node:path'
import esbuildPlugin from '@size-limit/esbuild'
import filePlugin from '@size-limit/file'
import sizeLimit from 'size-limit'
import type { WorkspacePackage } from './workspace.js'

/**
 * Budgets for the packages that run in the browser: brotli-compressed size of the ESM entry,
 * bundled with its workspace dependencies (what a site ships), peer dependencies excluded (the
 * site has them anyway: zod, react, react-dom). Raise a budget only with a reason in the commit.
 *
 * @example SIZE_BUDGETS['@onmion/privacy-client'] // 10240 bytes
 */
export const SIZE_BUDGETS: Readonly<Record<string, number>> = {
  '@onmion/privacy-client': 10 * 1024,
  '@onmion/privacy-react': 12 * 1024,
  // The offline verifier: every check it offers, for a receipt page or a browser extension.
  '@onmion/privacy-proof': 4 * 1024,
}

/** A package's measured size against its budget. */
export interface SizeReport {
  readonly name: string
  readonly bytes: number
  readonly budget: number
  readonly ok: boolean
  /** Peer dependencies left out of the bundle. */
  readonly excluded: readonly string[]
}

/**
 * Peer dependencies of a package and of the workspace packages it depends on, transitively:
 * what the bundle leaves to the site.
 *
 * @example
 * peersOf(react, publishable) // ['react', 'react-dom', 'zod']
 */
export function peersOf(pkg: WorkspacePackage, publishable: readonly WorkspacePackage[]): string[] {
  const peers = new Set<string>()
  const seen = new Set<string>()
  const visit = (current: WorkspacePackage): void => {
    if (seen.has(current.manifest.name)) return
    seen.add(current.manifest.name)
    for (const peer of Object.keys(current.manifest.peerDependencies ?? {})) peers.add(peer)
    for (const dependency of Object.keys(current.manifest.dependencies ?? {})) {
      const workspaceDependency = publishable.find((p) => p.manifest.name === dependency)
      if (workspaceDependency !== undefined) visit(workspaceDependency)
    }
  }
  visit(pkg)
  return [...peers].sort()
}

/**
 * Measures a built package against {@link SIZE_BUDGETS} with size-limit (esbuild, brotli);
 * `undefined` for a package without a budget.
 *
 * @example
 * const report = await checkSize(client, publishable) // { bytes: 7970, budget: 10240, ok: true, ... }
 */
export async function checkSize(
  pkg: WorkspacePackage,
  publishable: readonly WorkspacePackage[],
  budgets: Readonly<Record<string, number>> = SIZE_BUDGETS,
): Promise<SizeReport | undefined> {
  const budget = budgets[pkg.manifest.name]
  if (budget === undefined) return undefined
  const entry = join(pkg.dir, typeof pkg.manifest.module === 'string' ? pkg.manifest.module : 'dist/index.js')
  const excluded = peersOf(pkg, publishable)
  const [result] = (await sizeLimit([filePlugin, esbuildPlugin], { checks: [{ files: [entry], path: entry, ignore: excluded }] })) as { size: number }[]
  const bytes = result?.size ?? Number.NaN
  return { name: pkg.manifest.name, bytes, budget, ok: bytes <= budget, excluded }
}
