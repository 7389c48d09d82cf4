import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'

describe('canonicalJson', () => {
  it('sorts keys, drops undefined members and encodes dates as ISO strings', () => {
    expect(canonicalJson({ b: 1, a: [true, null, undefined], c: undefined, d: new Date(0) })).toBe('{"a":[true,null,null],"b":1,"d":"1970-01-01T00:00:00.000Z"}')
    expect(canonicalJson({ '0': 0, '': '' })).toBe('{"":"","0":0}')
  })

  it('round-trips every JSON value and ignores key order', () => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversed((v as Record<string, unknown>)[k])]))
          : v
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
        expect(canonicalJson(reversed(value))).toBe(text)
      }),
    )
  })
})
