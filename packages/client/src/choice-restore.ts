import { isMaterialVersionChange, type Policy } from '@onmion/privacy-schema/browser'
import type { ConsentManager } from './consent-manager.js'
import type { ConsentEndpoint } from './endpoint.js'

/**
 * Applies a signed-in person's cookie choice recorded on another of the policy's sites: when this
 * site has no valid choice yet, reads `GET {url}/v1/cookie-choices/{manager.id}` with the
 * publishable key and, if the person chose under the same major policy version, applies it here
 * (`source: "account"`, so it is recorded for this site too). The manager must have been created
 * with the person's `subject`. Resolves with whether a choice was applied; never throws (an
 * unreachable service leaves the banner up).
 *
 * @example
 * import { restoreChoice } from '@onmion/privacy-client/account'
 * const consent = createConsentManager({ policy: onmionPolicy, endpoint, subject: person.consentId })
 * await restoreChoice(consent, onmionPolicy, endpoint)
 */
export async function restoreChoice<K extends string>(manager: ConsentManager<K>, policy: Policy, endpoint: ConsentEndpoint): Promise<boolean> {
  if (!manager.needsPrompt()) return false
  try {
    const response = await fetch(`${endpoint.url.replace(/\/+$/, '')}/v1/cookie-choices/${encodeURIComponent(manager.id)}`, {
      headers: { authorization: `Bearer ${endpoint.publishableKey}` },
    })
    const body = (await response.json()) as { choice?: { choices: Record<string, boolean>; policyVersion: string } | null }
    const choice = response.ok ? body.choice : undefined
    if (!choice || isMaterialVersionChange(choice.policyVersion, policy.meta.version) || !manager.needsPrompt()) return false
    const next: Partial<Record<K, boolean>> = {}
    for (const category of policy.cookies.categories) if (!category.required) next[category.id as K] = choice.choices[category.id] === true
    manager.set(next, { source: 'account' })
    return true
  } catch {
    return false
  }
}
