import { parseCheckpoint, verifyCheckpoint, type Checkpoint, type CheckpointVerification } from './checkpoint.js'
import { verifyConsistency, type ConsistencyProof } from './merkle.js'
import type { PublicKey } from './signature.js'

/**
 * Everything that can make a consistency check between two checkpoints fail, each naming what is wrong.
 *
 * @example
 * if (!result.ok && result.problem === 'not_consistent') alert('the log was rewritten between these checkpoints')
 */
export type ConsistencyProblem = 'key_not_signer' | 'signature_invalid' | 'origin_mismatch' | 'tree_size_mismatch' | 'not_consistent'

/**
 * The answer of {@link verifyCheckpointConsistency}.
 *
 * @example
 * const result = await verifyCheckpointConsistency(older, newer, proof, key)
 */
export type CheckpointConsistencyVerification =
  | { readonly ok: true; readonly first: Checkpoint; readonly second: Checkpoint }
  | { readonly ok: false; readonly problem: ConsistencyProblem; readonly message: string }

/** The note verified by the first of `keys` that names one of its signers (a rotated key still verifies what it signed). */
async function signedByOneOf(note: string, keys: readonly PublicKey[]): Promise<CheckpointVerification> {
  const signers = new Set(parseCheckpoint(note).signatures.map((s) => s.keyId))
  const key = keys.find((k) => signers.has(k.keyId)) ?? keys[0]
  if (key === undefined) return { ok: false, problem: 'key_not_signer', message: 'no public key was given' }
  return verifyCheckpoint(note, key)
}

/**
 * Checks offline, with only the log's public key(s), that the log of the signed checkpoint
 * `second` extends the log of the signed checkpoint `first` (RFC 9162 consistency proof, as
 * `GET /v1/ledger/consistency?from=&to=` serves it): both signatures, the same origin, the proof's
 * sizes, and the path between the two roots. If it holds, no event counted by `first` was changed,
 * removed or reordered by the time of `second`.
 *
 * @throws {@link ProofError} MALFORMED for input not in its format; UNSUPPORTED without WebCrypto Ed25519.
 * @example
 * const proof = await (await fetch(`/v1/ledger/consistency?from=${older.treeSize}&to=${newer.treeSize}`)).json()
 * const result = await verifyCheckpointConsistency(olderNote, newerNote, proof, key)
 * if (!result.ok) console.error(result.problem, result.message)
 */
export async function verifyCheckpointConsistency(
  first: string,
  second: string,
  proof: ConsistencyProof,
  key: PublicKey | readonly PublicKey[],
): Promise<CheckpointConsistencyVerification> {
  const keys = Array.isArray(key) ? (key as readonly PublicKey[]) : [key as PublicKey]
  const a = await signedByOneOf(first, keys)
  if (!a.ok) return { ...a, message: `first checkpoint: ${a.message}` }
  const b = await signedByOneOf(second, keys)
  if (!b.ok) return { ...b, message: `second checkpoint: ${b.message}` }
  if (a.checkpoint.origin !== b.checkpoint.origin) {
    return { ok: false, problem: 'origin_mismatch', message: `the checkpoints are of two logs: ${a.checkpoint.origin} and ${b.checkpoint.origin}` }
  }
  if (proof.firstSize !== a.checkpoint.treeSize || proof.secondSize !== b.checkpoint.treeSize) {
    return {
      ok: false,
      problem: 'tree_size_mismatch',
      message: `the proof is from ${proof.firstSize} to ${proof.secondSize} events, the checkpoints are of ${a.checkpoint.treeSize} and ${b.checkpoint.treeSize}`,
    }
  }
  if (!(await verifyConsistency(proof, a.checkpoint.rootHash, b.checkpoint.rootHash))) {
    return {
      ok: false,
      problem: 'not_consistent',
      message: `the log of ${b.checkpoint.treeSize} events does not extend the checkpoint of ${a.checkpoint.treeSize}: events it counted were changed, removed or reordered (or the path is wrong)`,
    }
  }
  return { ok: true, first: a.checkpoint, second: b.checkpoint }
}
