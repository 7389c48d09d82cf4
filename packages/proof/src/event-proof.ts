import { verifyCheckpoint, type Checkpoint } from './checkpoint.js'
import { eventLeaf, type EventRecord } from './event.js'
import { verifyInclusion } from './merkle.js'
import type { PublicKey } from './signature.js'

/**
 * A proof that one event is in a signed checkpoint of the ledger: the event, its position in
 * the log, the inclusion path (at most log2(treeSize) hashes) and the checkpoint note.
 *
 * @example
 * const proof: EventProof = await (await fetch(`/v1/ledger/proofs/${eventId}`)).json()
 */
export interface EventProof {
  readonly event: EventRecord
  readonly leafIndex: number
  readonly treeSize: number
  readonly path: readonly string[]
  /** The signed checkpoint note the path leads to. */
  readonly checkpoint: string
}

/**
 * Everything that can make a proof fail, each naming what is wrong.
 *
 * @example
 * if (!result.ok && result.problem === 'not_included') alert('this event is not in the checkpoint')
 */
export type ProofProblem =
  | 'key_not_signer'
  | 'signature_invalid'
  | 'personal_hash_mismatch'
  | 'hash_mismatch'
  | 'tree_size_mismatch'
  | 'not_included'

/**
 * The answer of {@link verifyEventProof}.
 *
 * @example
 * const result = await verifyEventProof(proof, key)
 */
export type EventProofVerification =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly leafHash: string }
  | { readonly ok: false; readonly problem: ProofProblem; readonly message: string }

/**
 * Checks an event proof offline, with only the log's public key: the checkpoint's signature,
 * the event's hashes (a changed field fails), and the inclusion path to the checkpoint's root.
 *
 * @throws {@link ProofError} MALFORMED for input not in its format; UNSUPPORTED without WebCrypto Ed25519.
 * @example
 * const result = await verifyEventProof(proof, { keyId: 'onmion-2026-11', publicKey: 'base64…' })
 * if (result.ok) console.log(`event ${proof.event.id} is leaf ${proof.leafIndex} of ${result.checkpoint.treeSize}`)
 */
export async function verifyEventProof(proof: EventProof, key: PublicKey): Promise<EventProofVerification> {
  const signed = await verifyCheckpoint(proof.checkpoint, key)
  if (!signed.ok) return signed
  if (signed.checkpoint.treeSize !== proof.treeSize) {
    return { ok: false, problem: 'tree_size_mismatch', message: `the proof is for a tree of ${proof.treeSize} events, the checkpoint for ${signed.checkpoint.treeSize}` }
  }
  const leaf = await eventLeaf(proof.event)
  if (!leaf.ok) return leaf
  if (!(await verifyInclusion(leaf.leafHash, proof, signed.checkpoint.rootHash))) {
    return { ok: false, problem: 'not_included', message: `the path does not lead from event ${proof.event.id} at leaf ${proof.leafIndex} to the checkpoint's root` }
  }
  return { ok: true, checkpoint: signed.checkpoint, leafHash: leaf.leafHash }
}
