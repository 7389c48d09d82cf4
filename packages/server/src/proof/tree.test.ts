import { createHash } from 'node:crypto'
import { verifyConsistency, verifyInclusion } from '@onmion/privacy-proof'
import { describe, expect, it } from 'vitest'
import { consistencyPath, eventLeafHash, inclusionPath, merkleRoot, perfectRoots } from './tree.js'

const leaves = Array.from({ length: 40 }, (_, i) => eventLeafHash(createHash('sha256').update(`event ${i}`).digest('hex')))
const hex = (b: Buffer): string => b.toString('hex')

describe('Merkle tree (RFC 9162), built here and checked by @onmion/privacy-proof', () => {
  it('hashes leaves and nodes with domain separation', () => {
    const chain = 'ab'.repeat(32)
    expect(hex(eventLeafHash(chain))).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(chain, 'hex')])).digest('hex'))
    const two = merkleRoot(leaves, 0, 2)
    expect(hex(two)).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([1]), leaves[0]!, leaves[1]!])).digest('hex'))
    expect(hex(merkleRoot(leaves, 0, 0))).toBe(createHash('sha256').digest('hex'))
  })

  it('hashes packed leaves into the roots of consecutive complete subtrees, as the recursive root does', () => {
    const packed = Buffer.concat(leaves.slice(0, 32))
    expect(perfectRoots(packed, 8).map(hex)).toEqual([0, 8, 16, 24].map((start) => hex(merkleRoot(leaves, start, start + 8))))
    expect(perfectRoots(packed, 32).map(hex)).toEqual([hex(merkleRoot(leaves, 0, 32))])
    expect(perfectRoots(packed, 1).map(hex)).toEqual(leaves.slice(0, 32).map(hex))
    expect(() => perfectRoots(Buffer.concat(leaves.slice(0, 12)), 8)).toThrow(RangeError)
    expect(() => perfectRoots(packed, 6)).toThrow(RangeError)
  })

  it('gives inclusion paths of at most ceil(log2 n) hashes that verify for every leaf of every size', async () => {
    for (let size = 1; size <= leaves.length; size++) {
      const root = hex(merkleRoot(leaves, 0, size))
      for (let index = 0; index < size; index++) {
        const path = inclusionPath(leaves, index, size).map(hex)
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)))
        expect(await verifyInclusion(hex(leaves[index]!), { leafIndex: index, treeSize: size, path }, root)).toBe(true)
      }
    }
  })

  it('rejects an inclusion path for another leaf or index, an index past the tree, or with one hash changed', async () => {
    const size = 13
    const root = hex(merkleRoot(leaves, 0, size))
    const path = inclusionPath(leaves, 6, size).map(hex)
    expect(await verifyInclusion(hex(leaves[7]!), { leafIndex: 6, treeSize: size, path }, root)).toBe(false)
    expect(await verifyInclusion(hex(leaves[6]!), { leafIndex: 7, treeSize: size, path }, root)).toBe(false)
    expect(await verifyInclusion(hex(leaves[6]!), { leafIndex: size, treeSize: size, path }, root)).toBe(false)
    expect(await verifyInclusion(hex(leaves[6]!), { leafIndex: 6, treeSize: size, path: [hex(leaves[0]!), ...path.slice(1)] }, root)).toBe(false)
    expect(await verifyInclusion(hex(leaves[6]!), { leafIndex: 6, treeSize: size, path: path.slice(1) }, root)).toBe(false)
  })

  it('gives consistency proofs that verify between every pair of sizes, and fail for a changed tree', async () => {
    for (let second = 1; second <= 24; second++) {
      const secondRoot = hex(merkleRoot(leaves, 0, second))
      for (let first = 1; first <= second; first++) {
        const firstRoot = hex(merkleRoot(leaves, 0, first))
        const path = consistencyPath(leaves, first, second).map(hex)
        expect(path.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(second)) + 1)
        expect(await verifyConsistency({ firstSize: first, secondSize: second, path }, firstRoot, secondRoot)).toBe(true)
        if (first < second) {
          const changed = [...leaves]
          changed[first - 1] = leaves[39]!
          expect(await verifyConsistency({ firstSize: first, secondSize: second, path: consistencyPath(changed, first, second).map(hex) }, firstRoot, hex(merkleRoot(changed, 0, second)))).toBe(false)
        }
      }
    }
  })
})
