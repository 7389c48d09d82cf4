import { z } from 'zod'

/**
 * The times the API accepts: years 0001 to 9999 (UTC), the range ISO 8601's four-digit years
 * write, JavaScript dates and PostgreSQL `timestamptz` both hold, and both storage backends read
 * back exactly. A year 0000 or 10000 is refused with the field named, never passed on to the
 * database (which would fail, or store something else).
 *
 * @example
 * TIMESTAMP_RANGE.min.toISOString() // '0001-01-01T00:00:00.000Z'
 */
export const TIMESTAMP_RANGE: { readonly min: Date; readonly max: Date } = Object.freeze({
  min: new Date('0001-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
})

/**
 * Why `value` is not an acceptable time (undefined when it is): an invalid date, or one outside
 * {@link TIMESTAMP_RANGE}.
 *
 * @example
 * timestampProblem(new Date('0000-06-01T00:00:00Z')) // 'must be between 0001-01-01T00:00:00.000Z and ...'
 */
export function timestampProblem(value: Date): string | undefined {
  const time = value.getTime()
  if (Number.isNaN(time)) return 'must be a valid date'
  if (time < TIMESTAMP_RANGE.min.getTime() || time > TIMESTAMP_RANGE.max.getTime()) {
    return `must be between ${TIMESTAMP_RANGE.min.toISOString()} and ${TIMESTAMP_RANGE.max.toISOString()}`
  }
  return undefined
}

/**
 * A point in time as the API takes it: a `Date`, or an ISO-8601 date-time with an offset
 * (`2026-03-01T12:00:00Z`, `2026-03-01T13:00:00+01:00`), inside {@link TIMESTAMP_RANGE}. Parsed
 * values stay as given (a string stays a string); convert with `new Date(value)`.
 *
 * @example
 * Timestamp.parse('2026-03-01T12:00:00Z') // ok
 * Timestamp.safeParse('0000-01-01T00:00:00Z').success // false
 */
export const Timestamp = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .superRefine((value, ctx) => {
    const problem = timestampProblem(value instanceof Date ? value : new Date(value))
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
  })
export type Timestamp = z.infer<typeof Timestamp>

/**
 * A `Date` inside {@link TIMESTAMP_RANGE} (for SDK options that take dates only).
 *
 * @example
 * TimestampDate.parse(new Date())
 */
export const TimestampDate = z.date().superRefine((value, ctx) => {
  const problem = timestampProblem(value)
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
})
export type TimestampDate = z.infer<typeof TimestampDate>
