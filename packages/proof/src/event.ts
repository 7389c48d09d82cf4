import { canonicalJson } from './canonical-json.js'
import { fromHex, sha256Text } from './encoding.js'
import { ProofError, ProofErrorCode } from './errors.js'
import { leafHash } from './merkle.js'

/**
 * One ledger event as a proof carries it: the fields its hashes cover. `personal` is the personal
 * content (payload, evidence, the identifier's kind and keyed hash); it is null once retention
 * redacted the event, and `personalHash` then stands in for it.
 *
 * @example
 * const record: EventRecord = proof.event
 */
export interface EventRecord {
  readonly id: string
  readonly subject: string
  readonly seq: number
  readonly type: string
  readonly method: string
  readonly policyVersion: string
  /** ISO 8601 (UTC, milliseconds), as recorded. */
  readonly occurredAt: string
  readonly recordedAt: string
  readonly idempotencyKey: string | null
  readonly personal: { readonly payload: unknown; readonly evidence: unknown; readonly identifier: { readonly kind: string; readonly lookup: string } | null } | null
  readonly personalHash: string
  /**
   * The state the event speaks for (`consent:analytics`, `objection:*`, `cookies:analytics,marketing`):
   * present on events recorded since the ledger stores it, which are hashed in content format 2;
   * absent (or null) on the others, hashed in format 1.
   */
  readonly stateKey?: string | null
  /** The `hash` of the subject's previous event (64 zeros for the first). */
  readonly prevHash: string
  /** SHA-256(prevHash || contentHash): the event's link in its subject's chain, and its log leaf. */
  readonly hash: string
}

/**
 * What recomputing an event gives: its log leaf hash, or the hash that did not match.
 *
 * @example
 * const leaf = await eventLeaf(record)
 * if (leaf.ok) console.log(leaf.leafHash)
 */
export type EventLeaf =
  | { readonly ok: true; readonly leafHash: string; readonly contentHash: string }
  | { readonly ok: false; readonly problem: 'personal_hash_mismatch' | 'hash_mismatch'; readonly message: string }

/**
 * Recomputes an event's hashes from its fields, the way the ledger wrote them: the personal
 * hash (when the personal content is present), the content hash, the chain hash, and the log
 * leaf hash, RFC 9162 SHA-256(0x00 || the 32 bytes of the chain hash). A changed field of the
 * event changes one of them. The content hash is format 2 (`v: 2`, with `stateKey`) for an event
 * with a state key and format 1 without: dropping or adding a key fails like any changed field.
 *
 * @throws {@link ProofError} MALFORMED when a hash field is not hex.
 * @example
 * const leaf = await eventLeaf(proof.event)
 */
export async function eventLeaf(record: EventRecord): Promise<EventLeaf> {
  // Outside input: the types promise an object, the JSON it came from may not.
  const value: unknown = record
  if (value === null || typeof value !== 'object') throw new ProofError(ProofErrorCode.MALFORMED, 'event: must be an object', 'event')
  if (record.personal !== null) {
    const personalHash = await sha256Text(canonicalJson({ v: 1, ...record.personal }))
    if (personalHash !== record.personalHash) {
      return { ok: false, problem: 'personal_hash_mismatch', message: `event ${record.id}: its payload, evidence or identifier is not what was recorded` }
    }
  }
  const fields = {
    id: record.id,
    subject: record.subject,
    type: record.type,
    method: record.method,
    policyVersion: record.policyVersion,
    occurredAt: record.occurredAt,
    recordedAt: record.recordedAt,
    idempotencyKey: record.idempotencyKey,
    personalHash: record.personalHash,
  }
  const stateKey = record.stateKey
  const contentHash = await sha256Text(canonicalJson(stateKey === null || stateKey === undefined ? { v: 1, ...fields } : { v: 2, ...fields, stateKey }))
  if ((await sha256Text(record.prevHash + contentHash)) !== record.hash) {
    return { ok: false, problem: 'hash_mismatch', message: `event ${record.id}: its fields do not hash to its recorded hash` }
  }
  const hash = fromHex(record.hash, 'event.hash')
  if (hash.length !== 32) throw new ProofError(ProofErrorCode.MALFORMED, 'event.hash: must be 32 bytes of hex', 'event.hash')
  return { ok: true, leafHash: await leafHash(hash), contentHash }
}
