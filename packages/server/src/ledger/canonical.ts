import { createHash } from 'node:crypto'

/**
 * The `prev_hash` of a subject's first event: 64 zeros.
 *
 * @example
 * (await privacy.history('u_42'))[0]?.prevHash === GENESIS_HASH // true
 */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * A canonical JSON encoding: object keys sorted, `undefined` members dropped, no whitespace.
 * Equal values give equal text whatever their key order, which is what lets verify recompute a
 * hash from a row read back from jsonb (which reorders keys).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  // Hand-rolled rather than entries/filter/map/join: it runs for every event written and verified.
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value)
    case 'object':
      break
    default:
      return 'null'
  }
  if (value === null) return 'null'
  if (value instanceof Date) return `"${value.toISOString()}"`
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i])
    return `${out}]`
  }
  const record = value as Record<string, unknown>
  // Default sort compares UTF-16 code units: the same order on every platform.
  const keys = Object.keys(record).sort()
  let out = '{'
  let first = true
  for (const key of keys) {
    const item = record[key]
    if (item === undefined) continue
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`
    first = false
  }
  return `${out}}`
}

/**
 * SHA-256 of a UTF-8 string, hex.
 *
 * @example
 * sha256Hex('abc') // 'ba7816bf...'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * A link of the chain: SHA-256 over the ASCII text `prevHash + contentHash` (both lowercase hex).
 * PostgreSQL computes the same value as `encode(sha256(convert_to(prev || content, 'UTF8')), 'hex')`.
 *
 * @example
 * chainHash(GENESIS_HASH, contentHash)
 */
export function chainHash(prevHash: string, contentHash: string): string {
  return sha256Hex(prevHash + contentHash)
}

/**
 * The personal part of an event: what retention's redaction removes. Hashed on its own
 * (`personal_hash`), so a redacted row's remaining fields stay covered by its `content_hash`.
 *
 * @example
 * personalHashOf({ payload: { purpose: 'analytics' }, evidence: { formId: 'F-19' }, identifier: null })
 */
export interface PersonalContent {
  payload: unknown
  evidence: unknown
  /** The sealed identifier's kind and keyed hash; the ciphertext is left out so re-encryption keeps the hash. */
  identifier: { kind: string; lookup: string } | null
}

/**
 * The `personal_hash` of an event: SHA-256 of the canonical encoding of its personal content.
 *
 * @example
 * const personalHash = personalHashOf({ payload: {}, evidence: {}, identifier: null })
 */
export function personalHashOf(content: PersonalContent): string {
  return sha256Hex(canonicalJson({ v: 1, ...content }))
}

/**
 * What an event's `content_hash` covers: its fields besides the chain's and the personal ones,
 * plus the personal part's hash.
 *
 * @example
 * contentHashOf({ id, subject: 'u_42', type: 'restriction.set', method: 'api', policyVersion: '1.0.0', occurredAt: now, recordedAt: now, idempotencyKey: null, personalHash })
 */
export interface HashedContent {
  id: string
  subject: string
  type: string
  method: string
  policyVersion: string
  occurredAt: Date
  recordedAt: Date
  idempotencyKey: string | null
  personalHash: string
  /**
   * The event's state key (`consent:analytics`, see `state-key.ts`), or null for a type without
   * one and for every event written before keys were stored.
   */
  stateKey?: string | null
}

/**
 * The `content_hash` of an event: SHA-256 of its canonical content. `seq` is not part of it: the
 * position is fixed by `prev_hash`.
 *
 * Two formats, told apart by the state key: an event with one is hashed as `v: 2` with
 * `stateKey` among the fields; an event without one (a keyless type, or any event written before
 * keys were stored) as `v: 1`, exactly as before, so existing ledgers still verify. Nulling or
 * changing the key of a v2 event, or giving a v1 event one, changes the hash: the key that tells
 * the redaction audit what a redacted event was about cannot be rewritten in SQL.
 *
 * @example
 * const contentHash = contentHashOf({ id, subject: 'u_42', type: 'consent.granted', method: 'web_form', ..., personalHash, stateKey: 'consent:analytics' })
 */
export function contentHashOf(content: HashedContent): string {
  const { stateKey, ...fields } = content
  return sha256Hex(canonicalJson(stateKey === null || stateKey === undefined ? { v: 1, ...fields } : { v: 2, ...fields, stateKey }))
}
