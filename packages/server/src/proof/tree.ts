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
 * Where the hashes of complete subtrees come from: `perfect(start, size)` is MTH(D[start:start+size])
 * for a power-of-two `size` and a `start` that is a multiple of it (the only subtrees RFC 9162's
 * recursion ever splits off whole). An array of leaf hashes is one source; the database's stored
 * nodes are another (see `subtree-store.ts`), which is what keeps checkpoints and proofs O(log n).
 *
 * @example
 * const root = merkleRoot(leafSubtrees(leaves), 0, leaves.length)
 */
export interface Subtrees {
  perfect(start: number, size: number): Buffer
}

/**
 * The complete subtrees of leaf hashes held in memory (each hashed when asked, from its leaves).
 *
 * @example
 * const source = leafSubtrees(leaves)
 */
export function leafSubtrees(leaves: readonly Buffer[]): Subtrees {
  const perfect = (start: number, size: number): Buffer => {
    if (size === 1) {
      const leaf = leaves[start]
      if (leaf === undefined) throw new RangeError(`no leaf ${start}`)
      return leaf
    }
    const half = size / 2
    return node(perfect(start, half), perfect(start + half, half))
  }
  return { perfect }
}

function sourceOf(source: readonly Buffer[] | Subtrees): Subtrees {
  return Array.isArray(source) ? leafSubtrees(source) : (source as Subtrees)
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0
}

function rangeRoot(source: Subtrees, start: number, end: number): Buffer {
  const n = end - start
  if (n === 0) return EMPTY_ROOT
  if (isPowerOfTwo(n)) return source.perfect(start, n)
  const k = split(n)
  return node(source.perfect(start, k), rangeRoot(source, start + k, end))
}

/**
 * MTH(D[start:end]) of RFC 9162 section 2.1.1; the empty tree's root is SHA-256 of nothing.
 * `start` must be where RFC 9162's recursion puts a subtree (0, or a multiple of a power of two
 * at least `end - start`).
 *
 * @example
 * const root = merkleRoot(leaves, 0, leaves.length).toString('hex')
 */
export function merkleRoot(leaves: readonly Buffer[] | Subtrees, start: number, end: number): Buffer {
  return rangeRoot(sourceOf(leaves), start, end)
}

/**
 * PATH(m, D[0:n]) of RFC 9162 section 2.1.3.1: the inclusion path of leaf `index` in the tree of
 * the first `size` leaves, leaf side first. At most ceil(log2(size)) hashes.
 *
 * @example
 * const path = inclusionPath(leaves, 3, 8).map((h) => h.toString('hex'))
 */
export function inclusionPath(leaves: readonly Buffer[] | Subtrees, index: number, size: number): Buffer[] {
  const source = sourceOf(leaves)
  const path: Buffer[] = []
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start
    if (n <= 1) return
    const k = split(n)
    if (m < k) {
      walk(m, start, start + k)
      path.push(rangeRoot(source, start + k, end))
    } else {
      walk(m - k, start + k, end)
      path.push(rangeRoot(source, start, start + k))
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
export function consistencyPath(leaves: readonly Buffer[] | Subtrees, firstSize: number, secondSize: number): Buffer[] {
  const source = sourceOf(leaves)
  const path: Buffer[] = []
  if (firstSize === 0 || firstSize >= secondSize) return path
  const sub = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start
    if (m === n) {
      if (!whole) path.push(rangeRoot(source, start, end))
      return
    }
    const k = split(n)
    if (m <= k) {
      sub(m, start, start + k, whole)
      path.push(rangeRoot(source, start + k, end))
    } else {
      sub(m - k, start + k, end, false)
      path.push(rangeRoot(source, start, start + k))
    }
  }
  sub(firstSize, 0, secondSize, true)
  return path
}

/**
 * The hash of an RFC 9162 interior node: SHA-256(0x01 || left || right).
 *
 * @example
 * const parent = nodeHash(left, right)
 */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return node(left, right)
}

/**
 * The roots of consecutive complete subtrees of `size` leaves (a power of two) over leaf hashes
 * packed 32 bytes apart, as a checkpoint reads them from the database in large pages. Level by
 * level in one scratch buffer, one hash call per node: no recursion, no object per leaf, which is
 * what lets the first checkpoint over a million-event log hash it in seconds.
 *
 * @example
 * const roots = perfectRoots(Buffer.concat(leaves), 256) // one root per 256 leaves
 */
export function perfectRoots(packed: Buffer, size: number): Buffer[] {
  if (!isPowerOfTwo(size) || packed.length % (32 * size) !== 0) throw new RangeError(`perfectRoots: ${packed.length / 32} leaves are not whole subtrees of ${size}`)
  const roots: Buffer[] = []
  const level = Buffer.alloc(32 * size)
  const pair = Buffer.alloc(65)
  pair[0] = 0x01
  for (let offset = 0; offset < packed.length; offset += 32 * size) {
    packed.copy(level, 0, offset, offset + 32 * size)
    for (let width = size; width > 1; width /= 2) {
      for (let i = 0; i < width / 2; i++) {
        level.copy(pair, 1, 64 * i, 64 * i + 64)
        createHash('sha256').update(pair).digest().copy(level, 32 * i)
      }
    }
    roots.push(Buffer.from(level.subarray(0, 32)))
  }
  return roots
}

/**
 * The log leaf hash of an event, RFC 9162 SHA-256(0x00 || the 32 bytes of its chain hash). The
 * database computes the same when it appends the leaf: `sha256('\x00'::bytea || decode(hash, 'hex'))`.
 *
 * @example
 * eventLeafHash(event.hash).toString('hex')
 */
export function eventLeafHash(chainHash: string): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(Buffer.from(chainHash, 'hex')).digest()
}
