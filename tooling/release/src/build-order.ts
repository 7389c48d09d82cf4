import type { PackageManifest, WorkspacePackage } from './workspace.js'

/**
 * Publishable packages that `@onmion/release` does not list in its devDependencies. Turbo
 * builds a package before the release checks only through that dependency edge (`^build`), so
 * a package missing from the list would be checked, or rehearsed, unbuilt.
 *
 * @example
 * unlistedPackages(releaseManifest, publishable) // [] when every package is listed
 */
export function unlistedPackages(releaseManifest: PackageManifest, publishable: readonly WorkspacePackage[]): string[] {
  const listed = releaseManifest.devDependencies ?? {}
  return publishable.map((pkg) => pkg.manifest.name).filter((name) => !(name in listed))
}

/**
 * The command that fixes {@link unlistedPackages}.
 *
 * @example
 * addToReleaseCommand(['@onmion/privacy-client']) // 'pnpm --filter @onmion/release add -D @onmion/privacy-client@workspace:*'
 */
export function addToReleaseCommand(names: readonly string[]): string {
  return `pnpm --filter @onmion/release add -D ${names.map((name) => `${name}@workspace:*`).join(' ')}`
}
