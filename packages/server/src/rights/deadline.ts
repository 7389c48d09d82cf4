import { addDuration } from '@onmion/privacy-schema'

/**
 * The laws whose response deadline the SDK knows. Each has a period from receipt and one
 * extension it allows:
 * - `gdpr`: GDPR Art. 12(3), "without undue delay and in any event within one month", extendable
 *   "by two further months where necessary";
 * - `ccpa`: Cal. Civ. Code § 1798.130(a)(2), 45 days, extendable "once by an additional 45 days
 *   when reasonably necessary".
 *
 * @example DeadlineLaws.gdpr.period // 'P1M'
 */
export const DeadlineLaws = {
  gdpr: { id: 'gdpr', name: 'GDPR Art. 12(3)', period: 'P1M', extension: 'P2M' },
  ccpa: { id: 'ccpa', name: 'CCPA § 1798.130(a)(2)', period: 'P45D', extension: 'P45D' },
} as const

/**
 * A law whose deadline may apply to a request.
 *
 * @example const law: Jurisdiction = 'gdpr'
 */
export type Jurisdiction = keyof typeof DeadlineLaws

/**
 * Every law the SDK knows: what applies when a request does not say its jurisdiction, because
 * answering by the strictest deadline is never late under any of them.
 *
 * @example ALL_JURISDICTIONS // ['gdpr', 'ccpa']
 */
export const ALL_JURISDICTIONS: readonly Jurisdiction[] = Object.freeze(Object.keys(DeadlineLaws) as Jurisdiction[])

/**
 * Which rule set a request's due date: the policy's own deadline, or a law's earlier one.
 *
 * @example const rule: DeadlineRule = 'policy'
 */
export type DeadlineRule = 'policy' | Jurisdiction

/**
 * A request's due date and the rule that set it, with every candidate considered.
 *
 * @example dueDate(new Date('2026-01-31T00:00:00Z'), 'P30D', ['gdpr']).rule // 'gdpr'
 */
export interface DueDate {
  readonly dueAt: Date
  readonly rule: DeadlineRule
  readonly candidates: readonly { readonly rule: DeadlineRule; readonly dueAt: Date }[]
}

/**
 * The due date of a rights request received at `receivedAt`: the earliest of the policy's
 * deadline and the deadline of each applicable law. On a tie the policy's own deadline is named
 * (it is the promise the subject was given).
 *
 * A GDPR request of January 31 is due February 28 (one calendar month, clamped to the month's
 * last day), two days before the policy's 30 days; a CCPA request is due after the policy's 30
 * days, never before them.
 *
 * @example
 * dueDate(new Date('2026-01-31T10:00:00Z'), 'P30D', ['gdpr', 'ccpa'])
 * // { dueAt: 2026-02-28T10:00:00Z, rule: 'gdpr', candidates: [...] }
 */
export function dueDate(receivedAt: Date, policyDeadline: string, jurisdictions: readonly Jurisdiction[]): DueDate {
  const candidates: { rule: DeadlineRule; dueAt: Date }[] = [{ rule: 'policy', dueAt: addDuration(receivedAt, policyDeadline) }]
  for (const law of jurisdictions) candidates.push({ rule: law, dueAt: addDuration(receivedAt, DeadlineLaws[law].period) })
  let best = candidates[0] as { rule: DeadlineRule; dueAt: Date }
  for (const candidate of candidates) if (candidate.dueAt.getTime() < best.dueAt.getTime()) best = candidate
  return { dueAt: best.dueAt, rule: best.rule, candidates }
}

/**
 * The latest date a request may be extended to, or `undefined` when no applicable law allows an
 * extension (the policy itself grants none). Each law allows one extension counted from its own
 * deadline; where several laws apply, the earliest limit binds.
 *
 * @example
 * extensionLimit(new Date('2026-03-01T00:00:00Z'), ['ccpa']) // 2026-05-30T00:00:00Z (45 + 45 days)
 */
export function extensionLimit(receivedAt: Date, jurisdictions: readonly Jurisdiction[]): Date | undefined {
  let limit: Date | undefined
  for (const id of jurisdictions) {
    const law = DeadlineLaws[id]
    const candidate = addDuration(addDuration(receivedAt, law.period), law.extension)
    if (limit === undefined || candidate.getTime() < limit.getTime()) limit = candidate
  }
  return limit
}
