import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { addDuration, compareDurations, isPastRetention, isUnderMinimum, minimumUntil, parseDuration, retentionDeadline } from './duration.js'

const at = (iso: string): Date => new Date(iso)
const add = (iso: string, duration: string): string => addDuration(at(iso), duration).toISOString()

describe('addDuration', () => {
  test.each([
    ['2024-02-29T00:00:00.000Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P4Y', '2028-02-29T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P12M', '2025-02-28T00:00:00.000Z'],
    ['2024-02-28T00:00:00.000Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['2023-03-01T00:00:00.000Z', 'P1Y', '2024-03-01T00:00:00.000Z'],
    ['2025-01-31T00:00:00.000Z', 'P1M', '2025-02-28T00:00:00.000Z'],
    ['2024-01-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2025-01-31T00:00:00.000Z', 'P1M1D', '2025-03-01T00:00:00.000Z'],
    ['2025-03-31T00:00:00.000Z', 'P1M', '2025-04-30T00:00:00.000Z'],
    ['2025-11-30T00:00:00.000Z', 'P3M', '2026-02-28T00:00:00.000Z'],
    ['2100-02-28T00:00:00.000Z', 'P1D', '2100-03-01T00:00:00.000Z'],
    ['2000-02-28T00:00:00.000Z', 'P1D', '2000-02-29T00:00:00.000Z'],
    ['2024-12-31T23:00:00.000Z', 'PT1H', '2025-01-01T00:00:00.000Z'],
    ['2024-03-10T12:30:15.250Z', 'PT25H', '2024-03-11T13:30:15.250Z'],
    ['2024-03-10T12:30:00.000Z', 'PT90M', '2024-03-10T14:00:00.000Z'],
    ['2024-03-10T12:30:00.000Z', 'PT3600S', '2024-03-10T13:30:00.000Z'],
    ['2024-01-01T00:00:00.000Z', 'P30D', '2024-01-31T00:00:00.000Z'],
    ['2024-01-01T00:00:00.000Z', 'P2W', '2024-01-15T00:00:00.000Z'],
    ['2018-06-15T08:00:00.000Z', 'P7Y', '2025-06-15T08:00:00.000Z'],
    ['0050-02-28T00:00:00.000Z', 'P1Y', '0051-02-28T00:00:00.000Z'],
    ['0099-12-31T00:00:00.000Z', 'P1D', '0100-01-01T00:00:00.000Z'],
    ['0000-02-29T00:00:00.000Z', 'P0D', '0000-02-29T00:00:00.000Z'],
  ])('%s + %s = %s', (from, duration, expected) => {
    expect(add(from, duration)).toBe(expected)
  })

  test.each(['', 'P', 'PT', '1Y', 'P1.5Y', 'P-1D', 'P1YT', 'p1y', 'P1Y ', 'P123456Y', 'PT1H2D'])('"%s" is not a duration: RangeError', (duration) => {
    expect(() => addDuration(at('2024-01-01'), duration)).toThrow(RangeError)
    expect(() => parseDuration(duration)).toThrow(RangeError)
  })

  test('an invalid date, or a result past the range of dates, throws', () => {
    expect(() => addDuration(new Date(Number.NaN), 'P1D')).toThrow(RangeError)
    expect(() => addDuration(at('+275000-01-01T00:00:00Z'), 'P99999Y')).toThrow(RangeError)
  })

  test('whole days add exactly 24 hours each (UTC has no daylight saving)', () => {
    fc.assert(
      fc.property(fc.date({ min: at('1900-01-01'), max: at('2200-01-01'), noInvalidDate: true }), fc.integer({ min: 0, max: 99999 }), (from, days) => {
        expect(addDuration(from, `P${days}D`).getTime() - from.getTime()).toBe(days * 86_400_000)
      }),
    )
  })

  test('a duration never moves backwards, and a longer one of the same unit never ends earlier', () => {
    const unit = fc.constantFrom('Y', 'M', 'W', 'D', 'TH', 'TM', 'TS')
    fc.assert(
      fc.property(fc.date({ min: at('1900-01-01'), max: at('2200-01-01'), noInvalidDate: true }), unit, fc.nat(5000), fc.nat(5000), (from, u, m, n) => {
        const text = (k: number): string => (u.startsWith('T') ? `PT${k}${u.slice(1)}` : `P${k}${u}`)
        const [short, long] = m <= n ? [m, n] : [n, m]
        expect(addDuration(from, text(short)).getTime()).toBeGreaterThanOrEqual(from.getTime())
        expect(addDuration(from, text(long)).getTime()).toBeGreaterThanOrEqual(addDuration(from, text(short)).getTime())
      }),
    )
  })
})

test('parseDuration splits the parts', () => {
  expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 })
  expect(parseDuration('PT12H')).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 12, minutes: 0, seconds: 0 })
})

test('compareDurations measures from 1970-01-01', () => {
  expect(compareDurations('P1Y', 'P12M')).toBe(0)
  expect(compareDurations('P1Y', 'P365D')).toBe(0)
  expect(compareDurations('P5Y', 'P7Y')).toBeLessThan(0)
  expect(compareDurations('P1M', 'P30D')).toBeGreaterThan(0)
  expect(compareDurations('PT24H', 'P1D')).toBe(0)
})

describe('retention', () => {
  const created = at('2018-01-01T00:00:00Z')
  test('a fixed rule is past at its deadline, not a millisecond before', () => {
    const rule = { duration: 'P7Y' }
    expect(retentionDeadline(created, rule)?.toISOString()).toBe('2025-01-01T00:00:00.000Z')
    expect(isPastRetention(created, rule, at('2024-12-31T23:59:59.999Z'))).toBe(false)
    expect(isPastRetention(created, rule, at('2025-01-01T00:00:00Z'))).toBe(true)
  })

  test('a minimum longer than the duration holds the deadline back', () => {
    const rule = { duration: 'P1Y', minimum: 'P5Y' }
    expect(retentionDeadline(created, rule)?.toISOString()).toBe('2023-01-01T00:00:00.000Z')
    expect(isPastRetention(created, rule, at('2022-06-01'))).toBe(false)
  })

  test('a minimum with no duration sets no deadline: never past, under the minimum until it ends', () => {
    const rule = { minimum: 'P5Y' }
    expect(retentionDeadline(created, rule)).toBeUndefined()
    expect(isPastRetention(created, rule, at('2100-01-01'))).toBe(false)
    expect(minimumUntil(created, rule)?.toISOString()).toBe('2023-01-01T00:00:00.000Z')
    expect(isUnderMinimum(created, rule, at('2022-12-31T23:59:59Z'))).toBe(true)
    expect(isUnderMinimum(created, rule, at('2023-01-01T00:00:00Z'))).toBe(false)
    expect(isUnderMinimum(created, {}, at('2018-01-02'))).toBe(false)
  })

  test('an opt-out logged on February 29 is kept at least until February 28 five years on', () => {
    expect(minimumUntil(at('2024-02-29T10:00:00Z'), { minimum: 'P5Y' })?.toISOString()).toBe('2029-02-28T10:00:00.000Z')
  })
})
