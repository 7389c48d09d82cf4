import { invalidField } from './errors.js'

/**
 * How far a recorded time (an event's `occurredAt`, an inbound SMS's `receivedAt`) may be ahead
 * of the SDK's clock: the skew between a client's clock and ours, not more. A later time would
 * let an event outrank what is recorded after it.
 *
 * @example
 * await privacy.record({ ...event, occurredAt: new Date(Date.now() + MAX_FUTURE_SKEW_MS + 1) }) // INVALID_INPUT, field 'occurredAt'
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000

/**
 * How far an operator's `now` (a sweep's, a rights request's `receivedAt`, a transition's `at`)
 * may run ahead of the SDK's clock, and the margin by which a retention minimum is kept beyond its
 * end: a clock skewed by up to this much can never cut through a minimum. Longer than
 * {@link MAX_FUTURE_SKEW_MS} because these times are typed by people (a request received "today"
 * in another time zone), and the minimum's margin makes an early date harmless.
 *
 * @example CLOCK_TOLERANCE_MS // 86_400_000 (one day)
 */
export const CLOCK_TOLERANCE_MS = 24 * 60 * 60 * 1000

/**
 * The one "not in the future" check: `at` (default: the clock) if it is a valid date no more than
 * `toleranceMs` ahead of `clock`, else an INVALID_INPUT naming `field`.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `field`.
 * @example
 * const receivedAt = notInFuture(input.receivedAt, { field: 'receivedAt', clock: ctx.now(), toleranceMs: CLOCK_TOLERANCE_MS })
 */
export function notInFuture(at: Date | undefined, options: { readonly field: string; readonly clock: Date; readonly toleranceMs: number }): Date {
  const { field, clock, toleranceMs } = options
  if (at === undefined) return clock
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalidField(field, 'must be a valid date')
  const ahead = at.getTime() - clock.getTime()
  if (ahead > toleranceMs) {
    throw invalidField(field, `${at.toISOString()} is ${describe(ahead)} ahead of the clock (${clock.toISOString()}); at most ${describe(toleranceMs)} of clock skew is allowed`)
  }
  return at
}

function describe(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / 1000)} s`
}
