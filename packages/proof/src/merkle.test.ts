import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'
import { fromHex } from './encoding.js'
import { leafHash, nodeHash, verifyConsistency, verifyInclusion } from './merkle.js'

// The RFC 9162 section 2.1 definitions, written recursively and with node:crypto, as the
// reference the iterative verifiers must agree with.
const sha = (...parts: Buffer[]): string => createHash('sha256').update(Buffer.concat(parts)).digest('hex')
const leaves = Array.from({ length: 20 }, (_, i) => sha(Buffer.from([0]), Buffer.from(`leaf ${i}`)))
const stranger = sha(Buffer.from('not in the tree'))
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1)
const mth = (d: string[]): string =>
  d.length === 0 ? sha() : d.length === 1 ? d[0]! : sha(Buffer.from([1]), Buffer.from(mth(d.slice(0, split(d.length))), 'hex'), Buffer.from(mth(d.slice(split(d.length))), 'hex'))
const path = (m: number, d: string[]): string[] => {
  if (d.length <= 1) return []
  const k = split(d.length)
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))]
}
const subproof = (m: number, d: string[], b: boolean): string[] => {
  if (m === d.length) return b ? [] : [mth(d)]
  const k = split(d.length)
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))]
}

describe('Merkle verification (RFC 9162)', () => {
  it('hashes leaves and nodes with their domain prefixes', async () => {
    expect(await leafHash(new TextEncoder().encode('x'))).toBe(sha(Buffer.from([0]), Buffer.from('x')))
    expect(await nodeHash(leaves[0]!, leaves[1]!)).toBe(sha(Buffer.from([1]), Buffer.from(leaves[0]!, 'hex'), Buffer.from(leaves[1]!, 'hex')))
  })

  it('accepts every inclusion path of every tree, and no path for another leaf', async () => {
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n)
      for (let m = 0; m < n; m++) {
        const proof = { leafIndex: m, treeSize: n, path: path(m, tree) }
        expect(await verifyInclusion(tree[m]!, proof, mth(tree))).toBe(true)
        expect(await verifyInclusion(stranger, proof, mth(tree))).toBe(false)
      }
    }
  })

  it('accepts every consistency proof, and none between trees that differ', async () => {
    for (let n = 1; n <= leaves.length; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = { firstSize: m, secondSize: n, path: m === n ? [] : subproof(m, leaves.slice(0, n), true) }
        expect(await verifyConsistency(proof, mth(leaves.slice(0, m)), mth(leaves.slice(0, n)))).toBe(true)
        if (m < n) expect(await verifyConsistency(proof, mth([...leaves.slice(0, m - 1), leaves[19]!]), mth(leaves.slice(0, n)))).toBe(false)
      }
    }
    expect(await verifyConsistency({ firstSize: 3, secondSize: 2, path: [] }, mth(leaves.slice(0, 3)), mth(leaves.slice(0, 2)))).toBe(false)
    expect(await verifyConsistency({ firstSize: 3, secondSize: 5, path: [] }, mth(leaves.slice(0, 3)), mth(leaves.slice(0, 5)))).toBe(false)
  })

  it('rejects malformed sizes and hashes by field', async () => {
    await expect(verifyInclusion(leaves[0]!, { leafIndex: -1, treeSize: 2, path: [] }, leaves[0]!)).rejects.toMatchObject({ code: 'MALFORMED', field: 'leafIndex' })
    expect(() => fromHex('ABC', 'rootHash')).toThrow(/rootHash: must be lowercase hex/)
  })

  it('encodes canonical JSON as the ledger does (sorted keys, no undefined, no spaces)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 1, y: 'é' } })).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":"é","z":1}}')
  })
})
