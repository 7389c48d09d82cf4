import { LEGAL_CLOCKS } from '@onmion/privacy-schema'
import { describe, expect, test } from 'vitest'
import { dueDates, resolveJurisdictions } from './deadline.js'

describe('resolveJurisdictions', () => {
  test('clock ids and places; omitted means every clock; [] the promise alone', () => {
    expect(resolveJurisdictions(LEGAL_CLOCKS, 'gdpr')).toEqual(['gdpr'])
    expect(resolveJurisdictions(LEGAL_CLOCKS, 'US-CA')).toEqual(['ccpa', 'ccpa_opt_out'])
    expect(resolveJurisdictions(LEGAL_CLOCKS, ['BR', 'lgpd', 'US-VA'])).toEqual(['lgpd', 'us_va'])
    expect(resolveJurisdictions(LEGAL_CLOCKS, undefined)).toEqual(LEGAL_CLOCKS.clocks.map((c) => c.id))
    expect(resolveJurisdictions(LEGAL_CLOCKS, [])).toEqual([])
  })

  test('an unknown law or place is refused, naming the entry', () => {
    expect(() => resolveJurisdictions(LEGAL_CLOCKS, 'mars')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'jurisdiction' }))
    expect(() => resolveJurisdictions(LEGAL_CLOCKS, ['gdpr', 'US-ZZ'])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'jurisdiction[1]' }))
  })
})

describe('dueDates', () => {
  test('only the named clocks apply', () => {
    const at = new Date('2026-01-31T09:00:00Z')
    expect(dueDates(LEGAL_CLOCKS, at, 'P30D', 'access', ['gdpr']).respondRule).toBe('gdpr')
    expect(dueDates(LEGAL_CLOCKS, at, 'P30D', 'access', ['ccpa']).respondRule).toBe('policy')
    expect(dueDates(LEGAL_CLOCKS, at, 'P30D', 'access', []).extensionLimit).toBeUndefined()
  })
})
