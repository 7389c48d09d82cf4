import { requestDueDates, type RequestDueDates, type RequestKind, type ResponseClocks } from '@onmion/privacy-schema'
import { invalidField } from '../errors.js'

/**
 * A law whose clock may apply to a request: the id of one of the response clocks the SDK was
 * given (`LEGAL_CLOCKS` by default: `gdpr`, `ccpa`, `us_va`, `lgpd`...).
 *
 * @example const law: Jurisdiction = 'gdpr'
 */
export type Jurisdiction = string

/**
 * Which rule set a due date: `policy` (the policy's own promise) or a clock's id.
 *
 * @example const rule: DeadlineRule = 'policy'
 */
export type DeadlineRule = string

/**
 * The clock ids a request's `jurisdiction` names. Each entry is a clock id (`gdpr`) or a place
 * (`US-CA`, `BR`, `EEA`: every clock in force there); omitted, every clock is considered (the
 * strictest deadline wins, which is never late under any of them); `[]`, the policy's promise
 * alone.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `jurisdiction` (or `jurisdiction[i]`) for an unknown law or place.
 * @example resolveJurisdictions(LEGAL_CLOCKS, 'US-CA') // ['ccpa', 'ccpa_opt_out']
 */
export function resolveJurisdictions(clocks: ResponseClocks, input: string | readonly string[] | undefined): Jurisdiction[] {
  if (input === undefined) return clocks.clocks.map((c) => c.id)
  const entries = typeof input === 'string' ? [input] : input
  const out = new Set<Jurisdiction>()
  for (const [i, entry] of entries.entries()) {
    const field = typeof input === 'string' ? 'jurisdiction' : `jurisdiction[${String(i)}]`
    const byId = clocks.clocks.find((c) => c.id === entry)
    const byPlace = clocks.clocks.filter((c) => c.jurisdictions.includes(entry))
    if (byId === undefined && byPlace.length === 0) {
      throw invalidField(field, `"${entry}" is neither a known law (${clocks.clocks.map((c) => c.id).join(', ')}) nor a place one of them covers`)
    }
    for (const clock of byId === undefined ? byPlace : [byId]) out.add(clock.id)
  }
  return [...out]
}

/**
 * The due dates of a request under the policy's promise and the named laws' clocks (see
 * `requestDueDates` in the schema package for the rule: the earliest of the promise and every
 * applicable law).
 *
 * @example dueDates(LEGAL_CLOCKS, new Date('2026-01-31T09:00:00Z'), 'P30D', 'access', ['gdpr']).respondRule // 'gdpr'
 */
export function dueDates(clocks: ResponseClocks, receivedAt: Date, promise: string, kind: RequestKind, jurisdictions: readonly Jurisdiction[]): RequestDueDates {
  const named = new Set(jurisdictions)
  return requestDueDates({ receivedAt, kind, promise, clocks: clocks.clocks.filter((c) => named.has(c.id)), holidays: clocks.holidays })
}
