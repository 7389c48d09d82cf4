import { describe, expect, it } from 'vitest'
import { TIMESTAMP_RANGE, Timestamp, TimestampDate } from './timestamp.js'

describe('Timestamp', () => {
  it('accepts the range ends and the years around the edges of two-digit parsing and the epoch', () => {
    for (const text of ['0001-01-01T00:00:00.000Z', '0099-12-31T23:59:59Z', '0100-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
      expect(Timestamp.safeParse(text).success, text).toBe(true)
    }
    expect(TimestampDate.safeParse(TIMESTAMP_RANGE.min).success).toBe(true)
    expect(TimestampDate.safeParse(TIMESTAMP_RANGE.max).success).toBe(true)
  })

  it('refuses year 0000, year 10000 and invalid dates, saying the range', () => {
    const zero = Timestamp.safeParse('0000-06-01T00:00:00Z')
    expect(zero.success).toBe(false)
    expect(zero.error?.issues[0]?.message).toBe('must be between 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z')
    expect(Timestamp.safeParse('0001-01-01T00:00:00+01:00').success).toBe(false)
    expect(TimestampDate.safeParse(new Date(TIMESTAMP_RANGE.max.getTime() + 1)).success).toBe(false)
    expect(TimestampDate.safeParse(new Date(TIMESTAMP_RANGE.min.getTime() - 1)).success).toBe(false)
    expect(TimestampDate.safeParse(new Date('nope')).success).toBe(false)
  })
})
