import { describe, expect, it } from 'vitest'
import { Region, jurisdictionsFor } from './region.js'

describe('jurisdictionsFor', () => {
  it('finds the clocks in force where the person lives', () => {
    expect(jurisdictionsFor(Region.parse('de'))).toEqual(['gdpr'])
    expect(jurisdictionsFor(Region.parse('GB'))).toEqual(['gdpr'])
    expect(jurisdictionsFor(Region.parse('US-CA'))).toEqual(['ccpa', 'ccpa_opt_out'])
    expect(jurisdictionsFor(Region.parse('US-VA'))).toEqual(['us_va'])
    expect(jurisdictionsFor(Region.parse('BR'))).toEqual(['lgpd'])
  })

  it('leaves a place no clock covers to the policy’s own deadline', () => {
    expect(jurisdictionsFor(Region.parse('JP'))).toEqual([])
  })
})
