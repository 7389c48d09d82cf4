import { createRequire } from 'node:module'
import { onmionPolicy, policyVersion } from '@onmion/privacy-policy'

/** The policy as data, and the rule that its version is the package's. */
export async function check() {
  const { version } = createRequire(import.meta.url)('@onmion/privacy-policy/package.json')
  if (policyVersion !== version || onmionPolicy.meta.version !== version) throw new Error(`policy: meta.version ${policyVersion} != package ${version}`)
  return { version, purposes: onmionPolicy.purposes.length, cookieCategories: onmionPolicy.cookies.categories.map((c) => c.id) }
}
