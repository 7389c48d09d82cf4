import { isUnderMinimum } from '@onmion/privacy-schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CLOCK_TOLERANCE_MS } from '../clock.js'
import { NO_HOLDS, erasureVerdict } from './erasure-guard.js'

const at = (iso: string): Date => new Date(iso)
const accounting = { id: 'accounting_records', duration: 'P7Y', minimum: 'P7Y' }
const smsOptOut = { id: 'sms_opt_out_logs', duration: 'P6Y', minimum: 'P5Y' }
const consent = { id: 'consent_records', duration: 'P5Y' }
const now = at('2026-06-15T00:00:00Z')

describe('erasureVerdict', () => {
  it('erases what no minimum protects, whatever its duration', () => {
    expect(erasureVerdict([consent], at('2026-06-01T00:00:00Z'), now, now, NO_HOLDS)).toEqual({ erase: true })
  })

  it('keeps accounting records for seven years and says until when', () => {
    expect(erasureVerdict([accounting], at('2024-01-01T00:00:00Z'), now, now, NO_HOLDS)).toEqual({
      erase: false,
      reason: 'minimum',
      rule: 'accounting_records',
      until: at('2031-01-01T00:00:00Z'),
    })
  })

  it('keeps an SMS opt-out under five years and erases one past it', () => {
    expect(erasureVerdict([smsOptOut], at('2022-01-01T00:00:00Z'), now, now, NO_HOLDS)).toMatchObject({ erase: false, rule: 'sms_opt_out_logs' })
    expect(erasureVerdict([smsOptOut], at('2021-01-01T00:00:00Z'), now, now, NO_HOLDS)).toEqual({ erase: true })
  })

  it('keeps a record whose minimum ends within the clock tolerance, even when asked with a skewed now', () => {
    const created = at('2021-06-15T06:00:00Z') // minimum ends 2026-06-15T06:00Z, six hours after the real clock
    const skewedNow = new Date(now.getTime() + CLOCK_TOLERANCE_MS / 2)
    expect(erasureVerdict([smsOptOut], created, skewedNow, now, NO_HOLDS)).toMatchObject({ erase: false, reason: 'minimum' })
  })

  it('lets a minimum of any rule of the kind win over a shorter first rule', () => {
    expect(erasureVerdict([consent, accounting], at('2025-01-01T00:00:00Z'), now, now, NO_HOLDS)).toMatchObject({ erase: false, rule: 'accounting_records' })
  })

  it('keeps everything under a legal hold, by subject or by rule', () => {
    expect(erasureVerdict([consent], at('2020-01-01T00:00:00Z'), now, now, { subject: true, rules: new Set() })).toEqual({
      erase: false,
      reason: 'legal_hold',
      rule: 'consent_records',
      until: null,
    })
    expect(erasureVerdict([consent], at('2020-01-01T00:00:00Z'), now, now, { subject: false, rules: new Set(['consent_records']) })).toMatchObject({
      erase: false,
      reason: 'legal_hold',
    })
  })
})

describe('erasureVerdict (property)', () => {
  it('never erases a record before every minimum has passed on the real clock, whatever now is asked within a day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2000-01-01'), max: at('2090-01-01'), noInvalidDate: true }),
        fc.date({ min: at('2000-01-01'), max: at('2090-01-01'), noInvalidDate: true }),
        fc.integer({ min: -CLOCK_TOLERANCE_MS, max: CLOCK_TOLERANCE_MS }),
        fc.subarray<{ id: string; duration: string; minimum?: string }>([consent, accounting, smsOptOut], { minLength: 1 }),
        (created, clock, skew, rules) => {
          const verdict = erasureVerdict(rules, created, new Date(clock.getTime() + skew), clock, NO_HOLDS)
          if (verdict.erase) for (const rule of rules) expect(isUnderMinimum(created, rule, clock)).toBe(false)
        },
      ),
    )
  })
})
