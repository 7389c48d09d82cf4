/**
 * PostgreSQL's text output of a `timestamptz` (DateStyle ISO): `2026-03-01 12:00:00.123456+00`,
 * offsets with minutes or seconds (`+05:30`, `+00:53:28` for old local mean times), ` BC` for
 * years before 1.
 */
const TIMESTAMPTZ = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/

/**
 * Parses a `timestamptz` as PostgreSQL prints it, exactly. PGlite hands such text to
 * `new Date()`, whose legacy parser reads years 0001-0099 as 19xx/20xx (0042 becomes 2042, 0050
 * 1950); node-postgres parses it correctly. With this parser both backends read back what they
 * stored. `infinity` stays a number, as PGlite returns it.
 *
 * @example
 * parseTimestamptz('0042-03-04 05:06:07.008+00').toISOString() // '0042-03-04T05:06:07.008Z'
 */
export function parseTimestamptz(text: string): Date | number {
  if (text === 'infinity') return Number.POSITIVE_INFINITY
  if (text === '-infinity') return Number.NEGATIVE_INFINITY
  const m = TIMESTAMPTZ.exec(text)
  if (m === null) return new Date(text)
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes, offsetSeconds, bc] = m
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const fullYear = bc === undefined ? Number(year) : 1 - Number(year)
  date.setUTCFullYear(fullYear, Number(month) - 1, Number(day))
  date.setUTCHours(Number(hour), Number(minute), Number(second), Math.floor(Number(`0.${fraction ?? '0'}`) * 1000 + 1e-6))
  const offset = (Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0)) * 1000
  return new Date(date.getTime() - (sign === '-' ? -offset : offset))
}

/** PostgreSQL's type oid of `timestamptz`. */
export const TIMESTAMPTZ_OID = 1184
