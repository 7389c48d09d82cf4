import type { Policy } from './policy.js'

/** The body of `/.well-known/gpc.json` (GPC specification, "Well-known Resource"). */
export interface GpcWellKnown {
  /** Whether the site honors Global Privacy Control signals. */
  readonly gpc: boolean
  /** When this statement last changed: the policy's effective date (`YYYY-MM-DD`). */
  readonly lastUpdate: string
}

/**
 * What a site serves at `/.well-known/gpc.json`, from its policy: `gpc` is whether the policy
 * honors the signal, `lastUpdate` its effective date.
 *
 * @example gpcWellKnown(onmionPolicy) // { gpc: true, lastUpdate: '2026-01-01' }
 */
export function gpcWellKnown(policy: Pick<Policy, 'meta' | 'signals'>): GpcWellKnown {
  return { gpc: policy.signals.globalPrivacyControl.honored, lastUpdate: policy.meta.effectiveDate }
}
