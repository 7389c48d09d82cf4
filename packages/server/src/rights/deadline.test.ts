import { addDuration } from '@onmion/privacy-schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dueDate, extensionLimit } from './deadline.js'

const at = (iso: string): Date => new Date(iso)

describe('dueDate', () => {
  it('gives a GDPR request of January 31 the due date February 28, before the policy 30 days', () => {
    const due = dueDate(at('2026-01-31T09:00:00Z'), 'P30D', ['gdpr'])
    expect(due.dueAt.toISOString()).toBe('2026-02-28T09:00:00.000Z')
    expect(due.rule).toBe('gdpr')
    expect(due.candidates.map((c) => c.rule)).toEqual(['policy', 'gdpr'])
  })

  it('keeps the policy 30 days when GDPR one month is later (a 31-day month)', () => {
    const due = dueDate(at('2026-03-01T00:00:00Z'), 'P30D', ['gdpr'])
    expect(due.dueAt.toISOString()).toBe('2026-03-31T00:00:00.000Z')
    expect(due.rule).toBe('policy')
  })

  it('names the policy on a tie (April: one month = 30 days)', () => {
    const due = dueDate(at('2026-04-01T00:00:00Z'), 'P30D', ['gdpr'])
    expect(due.dueAt.toISOString()).toBe('2026-05-01T00:00:00.000Z')
    expect(due.rule).toBe('policy')
  })

  it('never lets CCPA 45 days beat the policy 30 days', () => {
    const due = dueDate(at('2026-01-31T00:00:00Z'), 'P30D', ['ccpa'])
    expect(due.rule).toBe('policy')
    expect(due.dueAt.toISOString()).toBe('2026-03-02T00:00:00.000Z')
  })

  it('uses CCPA 45 days when the policy deadline is longer', () => {
    const due = dueDate(at('2026-01-01T00:00:00Z'), 'P60D', ['ccpa'])
    expect(due.rule).toBe('ccpa')
    expect(due.dueAt.toISOString()).toBe('2026-02-15T00:00:00.000Z')
  })

  it('with no law, is the policy deadline', () => {
    expect(dueDate(at('2026-01-31T00:00:00Z'), 'P30D', []).rule).toBe('policy')
  })

  it('is never later than any candidate (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2000-01-01'), max: at('2100-01-01'), noInvalidDate: true }), (received) => {
        const due = dueDate(received, 'P30D', ['gdpr', 'ccpa'])
        for (const law of ['P30D', 'P1M', 'P45D']) expect(due.dueAt.getTime()).toBeLessThanOrEqual(addDuration(received, law).getTime())
      }),
    )
  })
})

describe('extensionLimit', () => {
  it('allows CCPA once by 45 more days (90 in all)', () => {
    expect(extensionLimit(at('2026-03-01T00:00:00Z'), ['ccpa'])?.toISOString()).toBe('2026-05-30T00:00:00.000Z')
  })

  it('allows GDPR two further months after the first', () => {
    expect(extensionLimit(at('2026-01-31T00:00:00Z'), ['gdpr'])?.toISOString()).toBe('2026-04-28T00:00:00.000Z')
  })

  it('binds to the earliest limit when several laws apply', () => {
    expect(extensionLimit(at('2026-03-01T00:00:00Z'), ['gdpr', 'ccpa'])?.toISOString()).toBe('2026-05-30T00:00:00.000Z')
    expect(extensionLimit(at('2026-01-01T00:00:00Z'), ['gdpr', 'ccpa'])?.toISOString()).toBe('2026-04-01T00:00:00.000Z')
  })

  it('allows none without a law', () => {
    expect(extensionLimit(at('2026-03-01T00:00:00Z'), [])).toBeUndefined()
  })
})
