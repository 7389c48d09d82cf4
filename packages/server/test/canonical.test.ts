import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, chainHash, GENESIS_HASH, sha256Hex } from '../src/ledger/canonical.js'

describe('canonical encoding', () => {
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

  it('chains as SHA-256 over the two hex strings', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(chainHash(GENESIS_HASH, 'ab')).toBe(sha256Hex(`${GENESIS_HASH}ab`))
  })
})
