import { addDuration } from '@onmion/privacy-schema'
import { CLOCK_TOLERANCE_MS } from '../clock.js'
import type { RuleSet } from './cutoff.js'

/**
 * Why a record survived an erasure: a retention minimum, or a legal hold.
 *
 * @example const why: KeptReason = 'minimum'
 */
export type KeptReason = 'minimum' | 'legal_hold'

/**
 * The answer for one record: erase it, or keep it under a rule until a date (a legal hold has no
 * date: it lasts until released).
 *
 * @example const verdict: ErasureVerdict = { erase: false, reason: 'minimum', rule: 'accounting_records', until: new Date('2031-01-01') }
 */
export type ErasureVerdict =
  | { readonly erase: true }
  | { readonly erase: false; readonly reason: KeptReason; readonly rule: string; readonly until: Date | null }

/**
 * What an erasure must respect besides minimums: the legal holds in force.
 *
 * @example const holds: ActiveHolds = { subject: false, rules: new Set(['accounting_records']) }
 */
export interface ActiveHolds {
  /** A hold on the whole subject. */
  readonly subject: boolean
  /** Rules under a hold. */
  readonly rules: ReadonlySet<string>
}

/**
 * Whether an erasure at `now` may remove a record created at `createdAt` under `rules`.
 * Erasure overrides retention durations (the subject asked), never a minimum or a legal hold.
 * A minimum is judged with the clock-skew margin, from the earlier of `now` and `clock`, so a
 * skewed clock cannot erase a record early.
 *
 * @example
 * erasureVerdict([{ id: 'accounting_records', duration: 'P7Y', minimum: 'P7Y' }], new Date('2024-01-01'), now, now, NO_HOLDS)
 * // { erase: false, reason: 'minimum', rule: 'accounting_records', until: 2031-01-01 }
 */
export function erasureVerdict(rules: RuleSet, createdAt: Date, now: Date, clock: Date, holds: ActiveHolds): ErasureVerdict {
  const first = rules[0]
  if (holds.subject) return { erase: false, reason: 'legal_hold', rule: first?.id ?? 'subject', until: null }
  for (const rule of rules) if (holds.rules.has(rule.id)) return { erase: false, reason: 'legal_hold', rule: rule.id, until: null }
  const reference = Math.min(now.getTime(), clock.getTime()) - CLOCK_TOLERANCE_MS
  let kept: { rule: string; until: Date } | undefined
  for (const rule of rules) {
    if (rule.minimum === undefined) continue
    const until = addDuration(createdAt, rule.minimum)
    if (until.getTime() > reference && (kept === undefined || until > kept.until)) kept = { rule: rule.id, until }
  }
  return kept ? { erase: false, reason: 'minimum', rule: kept.rule, until: kept.until } : { erase: true }
}

/**
 * No legal hold in force.
 *
 * @example erasureVerdict(rules, createdAt, now, now, NO_HOLDS)
 */
export const NO_HOLDS: ActiveHolds = Object.freeze({ subject: false, rules: new Set<string>() })
