import { parseDuration } from '@onmion/privacy-schema'
import type { RetentionRule } from '@onmion/privacy-schema'
import { CLOCK_TOLERANCE_MS } from '../clock.js'


/**
 * Subtracts an ISO-8601 duration from an instant, the mirror of the schema's `addDuration`:
 * years and months move the calendar month back and clamp the day to that month's last day.
 * `subtractDuration(t, d) + d <= t` always holds, so a record created at or before the result has
 * outlived `d` at `t`.
 *
 * @example subtractDuration(new Date('2026-03-31T00:00:00Z'), 'P1M') // 2026-02-28T00:00:00Z
 */
export function subtractDuration(from: Date, duration: string): Date {
  const d = parseDuration(duration)
  const monthIndex = from.getUTCFullYear() * 12 + from.getUTCMonth() - d.years * 12 - d.months
  const targetYear = Math.floor(monthIndex / 12)
  const targetMonth = monthIndex - targetYear * 12
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  const day = Math.min(from.getUTCDate(), lastDay)
  const result = new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      day - d.weeks * 7 - d.days,
      from.getUTCHours() - d.hours,
      from.getUTCMinutes() - d.minutes,
      from.getUTCSeconds() - d.seconds,
      from.getUTCMilliseconds(),
    ),
  )
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly for those.
  if (targetYear >= 0 && targetYear < 100) result.setUTCFullYear(result.getUTCFullYear() - 1900)
  return result
}

/**
 * The rules that govern one kind of record: the first sets when deletion is due; every rule's
 * minimum is a floor (so a kind under a short rule and a long minimum is kept for the minimum).
 *
 * @example const rules: RuleSet = [policy.retention[0]]
 */
export type RuleSet = readonly Pick<RetentionRule, 'id' | 'duration' | 'minimum'>[]

/**
 * The instant before which a record may not be deleted under any minimum of `rules`, judged
 * conservatively: from the earlier of the asked `now` and the SDK's clock, less the skew
 * tolerance. `undefined` when no rule has a minimum.
 *
 * @example minimumCutoff([{ id: 'sms_opt_out_logs', minimum: 'P5Y' }], now, clock) // clock - 1 day - 5 years
 */
export function minimumCutoff(rules: RuleSet, now: Date, clock: Date): Date | undefined {
  const reference = new Date(Math.min(now.getTime(), clock.getTime()) - CLOCK_TOLERANCE_MS)
  let cutoff: Date | undefined
  for (const rule of rules) {
    if (rule.minimum === undefined) continue
    const c = subtractDuration(reference, rule.minimum)
    if (cutoff === undefined || c < cutoff) cutoff = c
  }
  return cutoff
}

/**
 * The sweep cutoff: records created at or before it have outlived the primary rule and every
 * minimum. `undefined` when the primary rule sets no end (nothing of this kind is swept).
 *
 * @example
 * sweepCutoff([{ id: 'usage_logs', duration: 'P13M' }, { id: 'accounting_records', minimum: 'P7Y' }], now, now)
 * // about 7 years before now: the minimum wins over the shorter rule
 */
export function sweepCutoff(rules: RuleSet, now: Date, clock: Date): Date | undefined {
  const primary = rules[0]
  if (primary?.duration === undefined) return undefined
  const due = subtractDuration(now, primary.duration)
  const floor = minimumCutoff(rules, now, clock)
  return floor !== undefined && floor < due ? floor : due
}
