import { describe, expect, it } from 'vitest'
import { normalizePhone } from './phone.js'

describe('normalizePhone', () => {
  it.each([
    ['14155550100', '+14155550100'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['447700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['  +33 6 12 34 56 78 ', '+33612345678'],
  ])('%s -> %s', (input, e164) => {
    expect(normalizePhone(input, 'from')).toBe(e164)
  })

  it('reads national numbers with a default country', () => {
    expect(normalizePhone('(415) 555-0100', 'to', 'US')).toBe('+14155550100')
    expect(normalizePhone('07700 900123', 'to', 'GB')).toBe('+447700900123')
  })

  it.each(['', '   ', 'hello', '12', '+1', 'x'.repeat(100), '(415) 555-0100'])('refuses %j naming the field, without repeating the value', (input) => {
    let error: unknown
    try {
      normalizePhone(input, 'from')
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'from' })
    if (input.trim().length > 2) expect((error as Error).message).not.toContain(input.trim())
  })

  it('refuses values that are not strings', () => {
    expect(() => normalizePhone(42, 'from')).toThrow(expect.objectContaining({ field: 'from' }))
  })
})
