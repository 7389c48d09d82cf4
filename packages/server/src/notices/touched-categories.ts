import type { Policy, PolicyChange } from '@onmion/privacy-schema'

/**
 * Which data categories a policy change touches, from the changes `diffPolicies` lists: a data
 * category's own change touches it; a purpose's or recipient's change touches the categories
 * that purpose or recipient uses (before or after); a retention rule's change touches the
 * categories kept under it. Any other change (the controller, the rights, the SMS program, the
 * protections) concerns everyone: `'all'`. Release stamps (version, effective date) touch nothing.
 *
 * @example
 * touchedCategories(before, after, diffPolicies(before, after).changes) // Set { 'usage_data' } or 'all'
 */
export function touchedCategories(from: Policy, to: Policy, changes: readonly PolicyChange[]): ReadonlySet<string> | 'all' {
  const out = new Set<string>()
  const byId = <T extends { id: string }>(list: readonly T[], id: string): T[] => list.filter((x) => x.id === id)
  for (const change of changes) {
    if (change.kind === 'release_stamp_changed') continue
    const [section, id] = change.path.split(/[.[\]"]+/).filter((s) => s !== '')
    if (id === undefined) return 'all'
    switch (section) {
      case 'dataCategories':
        out.add(id)
        break
      case 'purposes':
        for (const p of [...byId(from.purposes, id), ...byId(to.purposes, id)]) for (const c of p.categories) out.add(c)
        break
      case 'recipients':
        for (const r of [...byId(from.recipients, id), ...byId(to.recipients, id)]) for (const c of r.categories) out.add(c)
        break
      case 'retention':
        for (const c of [...from.dataCategories, ...to.dataCategories]) if (c.retention === id) out.add(c.id)
        break
      default:
        return 'all'
    }
  }
  return out
}
