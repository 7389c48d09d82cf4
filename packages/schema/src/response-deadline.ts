import { addDuration } from './duration.js'
import type { ClockPeriod, HolidayCalendar, RequestKind, ResponseClock } from './model/response-clock.js'

const DAY_MS = 86_400_000
const isoDay = (date: Date): string => date.toISOString().slice(0, 10)

/**
 * Adds a clock period to an instant, keeping its time of day. Calendar days and months are
 * {@link addDuration}'s (`P45D`, `P1M`: January 31 plus one month is February 28, or 29 in a leap
 * year). Business days skip Saturdays, Sundays and the `holidays` (UTC calendar dates,
 * `YYYY-MM-DD`): the day of receipt is not counted, the first business day after it is day 1.
 * Days are UTC calendar days: a business whose clock runs in another time zone should record
 * `receivedAt` at the start of the local day it counts from.
 *
 * @example
 * // Received Friday 22 May 2026, the Friday before Memorial Day (Monday 25 May): ten business days end Monday 8 June.
 * addClockPeriod(new Date('2026-05-22T15:00:00Z'), { amount: 10, unit: 'business_days' }, new Set(['2026-05-25'])) // 2026-06-08T15:00:00Z
 */
export function addClockPeriod(from: Date, period: ClockPeriod, holidays: ReadonlySet<string> = new Set()): Date {
  if (period.unit === 'calendar_days') return addDuration(from, `P${String(period.amount)}D`)
  if (period.unit === 'calendar_months') return addDuration(from, `P${String(period.amount)}M`)
  let at = from
  let counted = 0
  while (counted < period.amount) {
    at = new Date(at.getTime() + DAY_MS)
    const weekday = at.getUTCDay()
    if (weekday !== 0 && weekday !== 6 && !holidays.has(isoDay(at))) counted++
  }
  return at
}

/**
 * Whether a clock governs a request of this kind, received at this time (the law in force).
 *
 * @example clockApplies(lgpd, 'access', new Date()) // true; clockApplies(lgpd, 'erasure', new Date()) // false
 */
export function clockApplies(clock: ResponseClock, kind: RequestKind, receivedAt: Date): boolean {
  if (clock.appliesTo !== undefined && !clock.appliesTo.includes(kind)) return false
  return clock.inForceFrom <= isoDay(receivedAt)
}

/**
 * One candidate due date: the policy's promise (`rule: 'policy'`) or a clock's (its id).
 *
 * @example const c: DueCandidate = { rule: 'gdpr', acknowledgeAt: null, respondAt: new Date(), extensionLimit: new Date() }
 */
export interface DueCandidate {
  readonly rule: string
  readonly acknowledgeAt: Date | null
  readonly respondAt: Date
  /** The latest date an extension may reach under this rule; `null`: it allows none. */
  readonly extensionLimit: Date | null
}

/**
 * The due dates of a request: when to acknowledge it (the earliest acknowledgement any
 * applicable clock asks for, or `null`), when to answer it, and how far it may be extended.
 *
 * @example const due: RequestDueDates = requestDueDates({ receivedAt, kind: 'access', promise: 'P30D', clocks, holidays })
 */
export interface RequestDueDates {
  readonly acknowledgeAt: Date | null
  /** The clock that set `acknowledgeAt`. */
  readonly acknowledgeRule: string | null
  readonly respondAt: Date
  /** What set `respondAt`: `policy` (the promise) or the id of a shorter clock. */
  readonly respondRule: string
  /**
   * The latest date the answer may be extended to, or `undefined` when no applicable clock
   * allows an extension: the earliest over the applicable clocks of their deadline plus their
   * extension (a clock with no extension limits it to its own deadline).
   */
  readonly extensionLimit: Date | undefined
  /** The clocks that applied (those of the requested ids that govern this kind of request). */
  readonly applied: readonly string[]
  readonly candidates: readonly DueCandidate[]
}

/**
 * What {@link requestDueDates} takes.
 *
 * @example requestDueDates({ receivedAt: new Date(), kind: 'access', promise: 'P30D', clocks: [gdpr], holidays: [] })
 */
export interface DueDateInput {
  readonly receivedAt: Date
  readonly kind: RequestKind
  /** The policy's own deadline (`policy.rights.deadline`, an ISO duration such as `P30D`). */
  readonly promise: string
  /** The clocks of the laws that may apply; those that do not govern `kind` are skipped. */
  readonly clocks: readonly ResponseClock[]
  readonly holidays: readonly HolidayCalendar[]
}

const earliest = <T extends { at: Date }>(list: readonly T[]): T | undefined =>
  list.reduce<T | undefined>((best, x) => (best === undefined || x.at.getTime() < best.at.getTime() ? x : best), undefined)

/**
 * The due dates of a rights request under the policy's promise and the laws that may apply.
 *
 * The rule: **the answer is due at the earliest of the policy's promise and every applicable
 * law's deadline.** The promise (Onmion's 30 days) is what the person was told, so no law's
 * longer clock (CCPA's 45 days) ever makes the answer due later than the promise; a shorter
 * clock (LGPD's 15 days for an access statement, CCPA's 15 business days for an opt-out of sale)
 * makes it due sooner. On a tie the promise is named. The acknowledgement is tracked apart: due
 * at the earliest acknowledgement any applicable law asks for (CCPA: 10 business days), `null`
 * when none does. An extension is bounded by every applicable law at once (the earliest of each
 * law's deadline plus its extension); the promise itself grants none, so with no law there is
 * no extension.
 *
 * @example
 * // GDPR, received 31 January 2026: one calendar month ends 28 February, before the 30-day promise (2 March).
 * requestDueDates({ receivedAt: new Date('2026-01-31T09:00:00Z'), kind: 'access', promise: 'P30D', clocks: [gdpr], holidays: [] })
 * // { respondAt: 2026-02-28T09:00:00Z, respondRule: 'gdpr', extensionLimit: 2026-04-28T09:00:00Z, ... }
 */
export function requestDueDates(input: DueDateInput): RequestDueDates {
  const { receivedAt, kind } = input
  const calendars = new Map(input.holidays.map((h) => [h.id, new Set(h.dates)]))
  const candidates: DueCandidate[] = [{ rule: 'policy', acknowledgeAt: null, respondAt: addDuration(receivedAt, input.promise), extensionLimit: null }]
  for (const clock of input.clocks) {
    if (!clockApplies(clock, kind, receivedAt)) continue
    const holidays = clock.holidays === undefined ? undefined : calendars.get(clock.holidays)
    const respondAt = addClockPeriod(receivedAt, clock.respond, holidays)
    candidates.push({
      rule: clock.id,
      acknowledgeAt: clock.acknowledge === undefined ? null : addClockPeriod(receivedAt, clock.acknowledge, holidays),
      respondAt,
      extensionLimit: clock.extension === undefined ? respondAt : addClockPeriod(respondAt, clock.extension, holidays),
    })
  }
  const respond = earliest(candidates.map((c) => ({ at: c.respondAt, rule: c.rule }))) ?? { at: candidates[0]?.respondAt ?? receivedAt, rule: 'policy' }
  const acknowledge = earliest(candidates.flatMap((c) => (c.acknowledgeAt === null ? [] : [{ at: c.acknowledgeAt, rule: c.rule }])))
  const limit = earliest(candidates.flatMap((c) => (c.extensionLimit === null ? [] : [{ at: c.extensionLimit }])))
  return {
    acknowledgeAt: acknowledge?.at ?? null,
    acknowledgeRule: acknowledge?.rule ?? null,
    respondAt: respond.at,
    respondRule: respond.rule,
    extensionLimit: limit?.at,
    applied: candidates.slice(1).map((c) => c.rule),
    candidates,
  }
}
