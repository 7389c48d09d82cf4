import { diffPolicies, type Policy } from '@onmion/privacy-schema'

/**
 * A warning when the policy's content changed since the released policy but `meta.effectiveDate`
 * did not: the new version would be published with the old version's date. Only a warning: the
 * date is a human decision (it may lie ahead of the release), and a version that moves without a
 * content change (a dependency update) rightly keeps its date.
 *
 * @example
 * const warning = effectiveDateWarning(released, onmionPolicy)
 * if (warning !== undefined) console.warn(`warning: ${warning}`)
 */
export function effectiveDateWarning(released: Policy | undefined, current: Policy): string | undefined {
  if (released?.meta.effectiveDate !== current.meta.effectiveDate) return undefined
  if (diffPolicies(released, current).bump === 'none') return undefined
  return (
    `the policy data changed since the released policy ${released.meta.version} but meta.effectiveDate is still ${current.meta.effectiveDate}: ` +
    'set the date the new policy takes effect (packages/policy/src/onmion-policy.ts) in the same pull request'
  )
}
