import { ISO_DURATION_PATTERN } from './model/primitives.js'
import type { RetentionRule } from './model/retention-rule.js'

/**
 * An ISO-8601 duration split into its calendar and clock parts.
 *
 * @example const { years, months }: DurationParts = parseDuration('P1Y6M') // 1, 6
 */
export interface DurationParts {
  years: number
  months: number
  weeks: number
  days: number
  hours: number
  minutes: number
  seconds: number
}

/**
 * Parses an ISO-8601 duration of whole units.
 *
 * @throws RangeError when the text is not such a duration (each part has at most 5 digits).
 * @example parseDuration('P1Y6M') // { years: 1, months: 6, weeks: 0, ... }
 */
export function parseDuration(duration: string): DurationParts {
  const match = ISO_DURATION_PATTERN.exec(duration)
  if (!match) throw new RangeError(`not an ISO-8601 duration of whole units: "${duration}"`)
  const n = (i: number): number => Number(match[i] ?? 0)
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) }
}

/**
 * Adds an ISO-8601 duration to an instant, calendar-correct in UTC: years and months move the
 * calendar month and keep the day of month, clamped to the month's last day; weeks and days
 * move whole calendar days; hours, minutes and seconds move the clock.
 *
 * So `P1Y` from 2024-02-29 gives 2025-02-28 (there is no February 29 in 2025: the record is not
 * kept a day longer than a year), `P1M` from January 31 gives February 28 or 29, and
 * `P1Y` from 2024-02-28 gives 2025-02-28. This is the "constrain" behaviour of JavaScript's
 * Temporal and of java.time.
 *
 * @example addDuration(new Date('2024-02-29T00:00:00Z'), 'P1Y') // 2025-02-28T00:00:00Z
 */
export function addDuration(from: Date, duration: string): Date {
  const d = parseDuration(duration)
  if (Number.isNaN(from.getTime())) throw new RangeError('cannot add a duration to an invalid date')
  const year = from.getUTCFullYear() + d.years
  const monthIndex = from.getUTCMonth() + d.months
  const targetYear = year + Math.floor(monthIndex / 12)
  const targetMonth = monthIndex % 12
  const day = Math.min(from.getUTCDate(), daysInMonth(targetYear, targetMonth))
  // setUTCFullYear, unlike Date.UTC, takes years 0-99 literally, and lets days and clock
  // units overflow into the next month or year as calendar arithmetic requires.
  const result = new Date(0)
  result.setUTCFullYear(targetYear, targetMonth, day + d.weeks * 7 + d.days)
  result.setUTCHours(
    from.getUTCHours() + d.hours,
    from.getUTCMinutes() + d.minutes,
    from.getUTCSeconds() + d.seconds,
    from.getUTCMilliseconds(),
  )
  if (Number.isNaN(result.getTime())) throw new RangeError(`${duration} from ${from.toISOString()} is outside the range of dates`)
  return result
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

function daysInMonth(year: number, monthIndex: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return monthIndex === 1 && leap ? 29 : (DAYS_IN_MONTH[monthIndex] ?? 31)
}

/**
 * Compares two durations by adding both to the same instant (1970-01-01T00:00:00Z).
 * Returns a negative number, zero or a positive number as `a` is shorter, equal or longer.
 *
 * @example compareDurations('P1Y', 'P12M') // 0
 */
export function compareDurations(a: string, b: string): number {
  const origin = new Date(0)
  return addDuration(origin, a).getTime() - addDuration(origin, b).getTime()
}

/**
 * When a record created at `createdAt` is due for deletion under `rule`, or `undefined` when the
 * rule sets no end (a minimum with no duration: kept until something else deletes it).
 *
 * @example retentionDeadline(new Date('2018-01-01T00:00:00Z'), { duration: 'P7Y' }) // 2025-01-01T00:00:00Z
 */
export function retentionDeadline(createdAt: Date, rule: Pick<RetentionRule, 'duration' | 'minimum'>): Date | undefined {
  if (rule.duration === undefined) return undefined
  const end = addDuration(createdAt, rule.duration)
  const floor = minimumUntil(createdAt, rule)
  return floor !== undefined && floor > end ? floor : end
}

/**
 * The instant before which a record under `rule` must not be deleted, if the rule has a minimum.
 *
 * @example minimumUntil(new Date('2024-02-29T00:00:00Z'), { minimum: 'P5Y' }) // 2029-02-28T00:00:00Z
 */
export function minimumUntil(createdAt: Date, rule: Pick<RetentionRule, 'minimum'>): Date | undefined {
  return rule.minimum === undefined ? undefined : addDuration(createdAt, rule.minimum)
}

/**
 * Whether a record created at `createdAt` has outlived `rule` at time `now`: its deletion is due
 * and no minimum forbids it.
 *
 * @example isPastRetention(new Date('2018-01-01'), { duration: 'P7Y' }, new Date('2025-01-02')) // true
 */
export function isPastRetention(createdAt: Date, rule: Pick<RetentionRule, 'duration' | 'minimum'>, now: Date): boolean {
  const deadline = retentionDeadline(createdAt, rule)
  return deadline !== undefined && now.getTime() >= deadline.getTime()
}

/**
 * Whether deleting a record created at `createdAt` at `now` would cut through the rule's minimum.
 *
 * @example isUnderMinimum(loggedAt, { minimum: 'P5Y' }, new Date()) // true: the opt-out log must be kept
 */
export function isUnderMinimum(createdAt: Date, rule: Pick<RetentionRule, 'minimum'>, now: Date): boolean {
  const floor = minimumUntil(createdAt, rule)
  return floor !== undefined && now.getTime() < floor.getTime()
}
