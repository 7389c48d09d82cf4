import { addDuration, isPastRetention, isUnderMinimum } from '@onmion/privacy-schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CLOCK_TOLERANCE_MS } from '../clock.js'
import { minimumCutoff, subtractDuration, sweepCutoff } from './cutoff.js'

const at = (iso: string): Date => new Date(iso)
const dates = fc.date({ min: at('1990-01-01'), max: at('2090-01-01'), noInvalidDate: true })
const durations = fc.constantFrom('P1D', 'P30D', 'P1M', 'P13M', 'P1Y', 'P5Y', 'P7Y', 'P1M1D', 'P2Y6M', 'PT36H', 'P1W')

describe('subtractDuration', () => {
  it('clamps to the end of a shorter month', () => {
    expect(subtractDuration(at('2026-03-31T00:00:00Z'), 'P1M').toISOString()).toBe('2026-02-28T00:00:00.000Z')
    expect(subtractDuration(at('2025-02-28T00:00:00Z'), 'P1Y').toISOString()).toBe('2024-02-28T00:00:00.000Z')
    expect(subtractDuration(at('2024-02-29T12:00:00Z'), 'P5Y').toISOString()).toBe('2019-02-28T12:00:00.000Z')
    expect(subtractDuration(at('2026-01-10T00:00:00Z'), 'P1M15D').toISOString()).toBe('2025-11-25T00:00:00.000Z')
  })

  it('is never more than the duration away: (t - d) + d <= t (property)', () => {
    fc.assert(
      fc.property(dates, durations, (t, d) => {
        expect(addDuration(subtractDuration(t, d), d).getTime()).toBeLessThanOrEqual(t.getTime())
      }),
    )
  })
})

describe('sweepCutoff', () => {
  const usage = { id: 'usage_logs', duration: 'P13M' }
  const accounting = { id: 'accounting_records', duration: 'P7Y', minimum: 'P7Y' }
  const smsOptOut = { id: 'sms_opt_out_logs', duration: 'P6Y', minimum: 'P5Y' }
  const now = at('2026-06-15T12:00:00Z')

  it('is the rule duration back from now for a rule without minimum', () => {
    expect(sweepCutoff([usage], now, now)?.toISOString()).toBe('2025-05-15T12:00:00.000Z')
  })

  it('is undefined for a rule with no duration (no end)', () => {
    expect(sweepCutoff([{ id: 'x', minimum: 'P5Y' }], now, now)).toBeUndefined()
  })

  it('lets a minimum win over a shorter rule', () => {
    const cutoff = sweepCutoff([usage, accounting], now, now)
    expect(cutoff!.getTime()).toBeLessThanOrEqual(subtractDuration(now, 'P7Y').getTime())
  })

  it('keeps a minimum against a clock skewed ahead within the tolerance', () => {
    const skewed = new Date(now.getTime() + CLOCK_TOLERANCE_MS - 1000)
    const floor = minimumCutoff([smsOptOut], skewed, now)!
    // A record created exactly five years before the real clock is not yet removable.
    const fiveYearsBefore = subtractDuration(now, 'P5Y')
    expect(floor.getTime()).toBeLessThan(fiveYearsBefore.getTime())
  })

  it('never cuts through a minimum and only removes what outlived the rule (property)', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -CLOCK_TOLERANCE_MS, max: CLOCK_TOLERANCE_MS }), fc.constantFrom(accounting, smsOptOut), (clock, skew, rule) => {
        const now = new Date(clock.getTime() + skew)
        const cutoff = sweepCutoff([rule], now, clock)!
        expect(isUnderMinimum(cutoff, rule, clock)).toBe(false)
        expect(isPastRetention(cutoff, rule, now)).toBe(true)
      }),
    )
  })
})
