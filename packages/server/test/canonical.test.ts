import { describe, expect, it } from 'vitest'
import { chainHash, GENESIS_HASH, sha256Hex } from '../src/ledger/canonical.js'

// canonicalJson itself is @onmion/privacy-proof's, tested there.
describe('chain hashing', () => {
  it('chains as SHA-256 over the two hex strings', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(chainHash(GENESIS_HASH, 'ab')).toBe(sha256Hex(`${GENESIS_HASH}ab`))
  })
})
