import { createHash } from 'node:crypto'
import { contentHashText, personalHashText, type EventContent, type PersonalContent } from '@onmion/privacy-proof'

/**
 * The `prev_hash` of a subject's first event: 64 zeros.
 *
 * @example
 * (await privacy.history('u_42'))[0]?.prevHash === GENESIS_HASH // true
 */
export const GENESIS_HASH = '0'.repeat(64)

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
 * The `personal_hash` of an event: SHA-256 of its personal content's canonical text
 * (`personalHashText` of `@onmion/privacy-proof`, the definition every verifier uses too).
 *
 * @example
 * const personalHash = personalHashOf({ payload: {}, evidence: {}, identifier: null })
 */
export function personalHashOf(content: PersonalContent): string {
  return sha256Hex(personalHashText(content))
}

/**
 * The `content_hash` of an event: SHA-256 of `contentHashText` of `@onmion/privacy-proof`. An
 * event with a state key is hashed in format 2, which covers the key, so the key that tells the
 * redaction audit what a redacted event was about cannot be rewritten in SQL; an event without
 * one in format 1, as every event was before keys were stored.
 *
 * @example
 * const contentHash = contentHashOf({ id, subject: 'u_42', type: 'consent.granted', method: 'web_form', ..., personalHash, stateKey: 'consent:analytics' })
 */
export function contentHashOf(content: EventContent): string {
  return sha256Hex(contentHashText(content))
}
