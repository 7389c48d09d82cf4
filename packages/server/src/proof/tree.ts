import { createHash } from 'node:crypto'

/**
 * RFC 9162 Merkle tree arithmetic over leaf hashes held in memory, synchronous (node:crypto):
 * the log's root, inclusion paths and consistency proofs. The offline checks of these live in
 * `@onmion/privacy-proof`; this side only builds.
 */

const EMPTY_ROOT = createHash('sha256').digest()
const LEAF_PREFIX = Buffer.from([0x00])
const NODE_PREFIX = Buffer.from([0x01])

function node(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest()
}

/** The largest power of two smaller than `n` (n >= 2). */
function split(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/**
 * MTH(D[start:end]) of RFC 9162 section 2.1.1; the empty tree's root is SHA-256 of nothing.
 *
 * @example
 * const root = merkleRoot(leaves, 0, leaves.length).toString('hex')
 */
export function merkleRoot(leaves: readonly Buffer[], start: number, end: number): Buffer {
  const n = end - start
  if (n === 0) return EMPTY_ROOT
  if (n === 1) {
    const leaf = leaves[start]
    if (leaf === undefined) throw new RangeError(`no leaf ${start}`)
    return leaf
  }
  const k = split(n)
  return node(merkleRoot(leaves, start, start + k), merkleRoot(leaves, start + k, end))
}

/**
 * PATH(m, D[0:n]) of RFC 9162 section 2.1.3.1: the inclusion path of leaf `index` in the tree of
 * the first `size` leaves, leaf side first. At most ceil(log2(size)) hashes.
 *
 * @example
 * const path = inclusionPath(leaves, 3, 8).map((h) => h.toString('hex'))
 */
export function inclusionPath(leaves: readonly Buffer[], index: number, size: number): Buffer[] {
  const path: Buffer[] = []
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start
    if (n <= 1) return
    const k = split(n)
    if (m < k) {
      walk(m, start, start + k)
      path.push(merkleRoot(leaves, start + k, end))
    } else {
      walk(m - k, start + k, end)
      path.push(merkleRoot(leaves, start, start + k))
    }
  }
  walk(index, 0, size)
  return path
}

/**
 * PROOF(m, D[0:n]) of RFC 9162 section 2.1.4.1: the consistency proof that the tree of the first
 * `secondSize` leaves extends the tree of the first `firstSize`. Empty when the sizes are equal
 * or the first tree is empty.
 *
 * @example
 * const path = consistencyPath(leaves, checkpoint.treeSize, leaves.length)
 */
export function consistencyPath(leaves: readonly Buffer[], firstSize: number, secondSize: number): Buffer[] {
  const path: Buffer[] = []
  if (firstSize === 0 || firstSize >= secondSize) return path
  const sub = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start
    if (m === n) {
      if (!whole) path.push(merkleRoot(leaves, start, end))
      return
    }
    const k = split(n)
    if (m <= k) {
      sub(m, start, start + k, whole)
      path.push(merkleRoot(leaves, start + k, end))
    } else {
      sub(m - k, start + k, end, false)
      path.push(merkleRoot(leaves, start, start + k))
    }
  }
  sub(firstSize, 0, secondSize, true)
  return path
}

/**
 * The log leaf hash of an event, RFC 9162 SHA-256(0x00 || the 32 bytes of its chain hash). The
 * database computes the same in the log trigger: `sha256('\x00'::bytea || decode(hash, 'hex'))`.
 *
 * @example
 * eventLeafHash(event.hash).toString('hex')
 */
export function eventLeafHash(chainHash: string): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(Buffer.from(chainHash, 'hex')).digest()
}
