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
  readonly personal: PersonalContent | null
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
 * The personal part of an event: what retention's redaction removes. It is hashed on its own
 * (`personalHash`), so a redacted event's remaining fields stay covered by its content hash.
 *
 * @example
 * const personal: PersonalContent = { payload: { purpose: 'analytics' }, evidence: {}, identifier: null }
 */
export interface PersonalContent {
  readonly payload: unknown
  readonly evidence: unknown
  /** The sealed identifier's kind and keyed hash (its ciphertext is left out, so re-encryption keeps the hash). */
  readonly identifier: { readonly kind: string; readonly lookup: string } | null
}

/**
 * What an event's content hash covers: its fields besides the chain's and the personal ones,
 * plus the personal part's hash. The times are the ISO strings a proof carries, or the `Date`s
 * the server holds (the same text either way).
 *
 * @example
 * const content: EventContent = { ...proof.event }
 */
export interface EventContent {
  readonly id: string
  readonly subject: string
  readonly type: string
  readonly method: string
  readonly policyVersion: string
  readonly occurredAt: string | Date
  readonly recordedAt: string | Date
  readonly idempotencyKey: string | null
  readonly personalHash: string
  readonly stateKey?: string | null
}

/**
 * The text whose SHA-256 is an event's personal hash: the canonical JSON of its personal content,
 * format 1. The ledger that writes events and every verifier of them build it here.
 *
 * @example
 * personalHashText({ payload: {}, evidence: {}, identifier: null }) // '{"evidence":{},"identifier":null,"payload":{},"v":1}'
 */
export function personalHashText(personal: PersonalContent): string {
  // Every member, not the three named ones: a member a proof adds to `personal` is hashed too,
  // so nothing a reader finds there goes unverified.
  return canonicalJson({ v: 1, ...personal })
}

/**
 * The text whose SHA-256 is an event's content hash. `seq` is not in it (the position is fixed
 * by `prevHash`). Two formats, told apart by the state key: an event with one is format 2
 * (`v: 2`, `stateKey` among the fields), an event without one (a keyless type, or any event
 * written before keys were stored) format 1, so older ledgers still verify. Nulling, changing or
 * adding a key changes the text, as any other field does.
 *
 * @example
 * contentHashText({ ...record }) // '{"id":"...","idempotencyKey":null,...,"v":2}'
 */
export function contentHashText(content: EventContent): string {
  const fields = {
    id: content.id,
    subject: content.subject,
    type: content.type,
    method: content.method,
    policyVersion: content.policyVersion,
    occurredAt: content.occurredAt,
    recordedAt: content.recordedAt,
    idempotencyKey: content.idempotencyKey,
    personalHash: content.personalHash,
  }
  const stateKey = content.stateKey
  return canonicalJson(stateKey === null || stateKey === undefined ? { v: 1, ...fields } : { v: 2, ...fields, stateKey })
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
    const personalHash = await sha256Text(personalHashText(record.personal))
    if (personalHash !== record.personalHash) {
      return { ok: false, problem: 'personal_hash_mismatch', message: `event ${record.id}: its payload, evidence or identifier is not what was recorded` }
    }
  }
  const contentHash = await sha256Text(contentHashText(record))
  if ((await sha256Text(record.prevHash + contentHash)) !== record.hash) {
    return { ok: false, problem: 'hash_mismatch', message: `event ${record.id}: its fields do not hash to its recorded hash` }
  }
  const hash = fromHex(record.hash, 'event.hash')
  if (hash.length !== 32) throw new ProofError(ProofErrorCode.MALFORMED, 'event.hash: must be 32 bytes of hex', 'event.hash')
  return { ok: true, leafHash: await leafHash(hash), contentHash }
}
