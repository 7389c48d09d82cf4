import { describe, expect, it } from 'vitest'
import { parseTimestamptz } from './timestamp-parser.js'

describe('parseTimestamptz', () => {
  it('reads years 1-99 as written, fractions to the millisecond, and any offset', () => {
    expect((parseTimestamptz('0042-03-04 05:06:07.008+00') as Date).toISOString()).toBe('0042-03-04T05:06:07.008Z')
    expect((parseTimestamptz('0001-06-15 00:00:00+00') as Date).toISOString()).toBe('0001-06-15T00:00:00.000Z')
    expect((parseTimestamptz('0050-01-01 00:00:00+00') as Date).toISOString()).toBe('0050-01-01T00:00:00.000Z')
    expect((parseTimestamptz('9999-12-31 23:59:59.999999+00') as Date).toISOString()).toBe('9999-12-31T23:59:59.999Z')
    expect((parseTimestamptz('2026-03-01 13:00:00.5+01') as Date).toISOString()).toBe('2026-03-01T12:00:00.500Z')
    expect((parseTimestamptz('2026-03-01 06:30:00-05:30') as Date).toISOString()).toBe('2026-03-01T12:00:00.000Z')
    expect((parseTimestamptz('1800-01-01 00:53:28+00:53:28') as Date).toISOString()).toBe('1800-01-01T00:00:00.000Z')
    expect((parseTimestamptz('0001-01-01 00:00:00+00 BC') as Date).getUTCFullYear()).toBe(0)
    expect(parseTimestamptz('infinity')).toBe(Number.POSITIVE_INFINITY)
  })
})
