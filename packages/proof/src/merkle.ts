import { concat, fromHex, sha256, toHex } from './encoding.js'
import { ProofError, ProofErrorCode } from './errors.js'

const LEAF_PREFIX = new Uint8Array([0x00])
const NODE_PREFIX = new Uint8Array([0x01])

/**
 * RFC 9162 section 2.1.1 leaf hash: SHA-256(0x00 || data). The prefix keeps a leaf from ever
 * being mistaken for an inner node (a second-preimage attack on the tree).
 *
 * @example
 * await leafHash(fromHex(event.hash, 'hash')) // hex
 */
export async function leafHash(data: Uint8Array): Promise<string> {
  return toHex(await sha256(concat(LEAF_PREFIX, data)))
}

/**
 * RFC 9162 section 2.1.1 inner node hash: SHA-256(0x01 || left || right).
 *
 * @example
 * await nodeHash(left, right) // hex
 */
export async function nodeHash(left: string, right: string): Promise<string> {
  return toHex(await sha256(concat(NODE_PREFIX, fromHex(left, 'left'), fromHex(right, 'right'))))
}

/**
 * An inclusion (audit) proof: the hashes that lead from one leaf to the root of a tree of
 * `treeSize` leaves. Its length is at most ceil(log2(treeSize)).
 *
 * @example
 * const proof: InclusionProof = { leafIndex: 3, treeSize: 8, path: ['…', '…', '…'] }
 */
export interface InclusionProof {
  /** Zero-based position of the leaf in the log. */
  readonly leafIndex: number
  readonly treeSize: number
  /** Hex hashes, leaf side first. */
  readonly path: readonly string[]
}

/**
 * A consistency proof: the hashes showing that the tree of `secondSize` leaves starts with the
 * tree of `firstSize` leaves (nothing before `firstSize` was changed, removed or reordered).
 *
 * @example
 * const proof: ConsistencyProof = { firstSize: 4, secondSize: 7, path: ['…', '…'] }
 */
export interface ConsistencyProof {
  readonly firstSize: number
  readonly secondSize: number
  readonly path: readonly string[]
}

function checkSize(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new ProofError(ProofErrorCode.MALFORMED, `${field}: must be a whole number >= 0`, field)
}

/**
 * Checks an inclusion proof (RFC 9162 section 2.1.3.2): that `leaf` (a leaf hash, hex) sits at
 * `proof.leafIndex` in the tree whose root is `rootHash`.
 *
 * @throws {@link ProofError} MALFORMED for sizes that are not whole numbers or hashes that are not hex.
 * @example
 * await verifyInclusion(await leafHash(data), { leafIndex: 3, treeSize: 8, path }, checkpoint.rootHash) // true
 */
export async function verifyInclusion(leaf: string, proof: InclusionProof, rootHash: string): Promise<boolean> {
  checkSize(proof.leafIndex, 'leafIndex')
  checkSize(proof.treeSize, 'treeSize')
  if (proof.leafIndex >= proof.treeSize) return false
  // Bit arithmetic through division: indexes of large logs exceed 32 bits.
  let fn = proof.leafIndex
  let sn = proof.treeSize - 1
  let r = leaf
  for (const p of proof.path) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = await nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && r === rootHash
}

/**
 * Checks a consistency proof (RFC 9162 section 2.1.4.2): that the tree with root `secondRoot`
 * extends the tree with root `firstRoot`. Equal sizes need equal roots and an empty path; every
 * tree extends the empty one.
 *
 * @throws {@link ProofError} MALFORMED for sizes that are not whole numbers or hashes that are not hex.
 * @example
 * await verifyConsistency({ firstSize: 4, secondSize: 7, path }, old.rootHash, now.rootHash) // true
 */
export async function verifyConsistency(proof: ConsistencyProof, firstRoot: string, secondRoot: string): Promise<boolean> {
  checkSize(proof.firstSize, 'firstSize')
  checkSize(proof.secondSize, 'secondSize')
  if (proof.firstSize > proof.secondSize) return false
  if (proof.firstSize === proof.secondSize) return proof.path.length === 0 && firstRoot === secondRoot
  if (proof.firstSize === 0) return proof.path.length === 0
  if (proof.path.length === 0) return false
  const path = isPowerOfTwo(proof.firstSize) ? [firstRoot, ...proof.path] : [...proof.path]
  let fn = proof.firstSize - 1
  let sn = proof.secondSize - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  const [start, ...rest] = path
  if (start === undefined) return false
  let fr = start
  let sr = start
  for (const c of rest) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr)
      sr = await nodeHash(c, sr)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      sr = await nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return fr === firstRoot && sr === secondRoot && sn === 0
}

function isPowerOfTwo(n: number): boolean {
  let v = n
  while (v > 1 && v % 2 === 0) v /= 2
  return v === 1
}
