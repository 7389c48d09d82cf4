import readChangesets from '@changesets/read'
import { bumpSatisfies, type SemverBump } from '@onmion/privacy-schema'

/** The bump the pending changesets give one package, and which changesets give it. */
export interface PendingBump {
  /** The largest bump over all pending changesets naming the package; `none` when none does. */
  readonly bump: SemverBump
  /** Ids (file names without `.md`) of the changesets naming the package. */
  readonly changesets: readonly string[]
}

/**
 * Reads `.changeset/*.md` under `root` with changesets' own reader and returns the bump they
 * declare for `packageName`. In pre mode the changesets already versioned stay in the
 * directory and still count, which is what the policy rule wants: they describe the release
 * being prepared.
 *
 * @example
 * const { bump } = await readPendingBump(root, '@onmion/privacy-policy') // 'major'
 */
export async function readPendingBump(root: string, packageName: string): Promise<PendingBump> {
  const changesets = await readChangesets(root)
  let bump: SemverBump = 'none'
  const ids: string[] = []
  for (const changeset of changesets) {
    for (const release of changeset.releases) {
      if (release.name !== packageName) continue
      ids.push(changeset.id)
      if (!bumpSatisfies(release.type, bump)) bump = release.type
    }
  }
  return { bump, changesets: ids }
}
