import { randomBytes } from 'node:crypto'
import type { PrivacyKeys } from './keys.js'

/**
 * A new identifier key set: one AES-256 key (`current`) and the HMAC key of the lookup hashes,
 * 32 random bytes each, base64. Given an existing set, rotates it instead: a new key becomes
 * `current`, the old ones stay (to decrypt what they sealed until `ledger.reencrypt()`), and the
 * HMAC key is kept, since lookups by hash must keep finding the same subjects. Key ids are the
 * day (`k20261206`, then `k20261206_2` on the same day).
 *
 * @example
 * console.log(`ONMION_PRIVACY_KEYS='${JSON.stringify(generatePrivacyKeys())}'`)
 * const rotated = generatePrivacyKeys(existing) // existing.keys plus a new current key
 */
export function generatePrivacyKeys(existing?: PrivacyKeys, now: Date = new Date()): PrivacyKeys {
  const base = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}`
  let id = base
  for (let n = 2; existing?.keys[id] !== undefined; n++) id = `${base}_${n}`
  const key = randomBytes(32).toString('base64')
  if (existing === undefined) return { current: id, keys: { [id]: key }, hmacKey: randomBytes(32).toString('base64') }
  return { current: id, keys: { ...existing.keys, [id]: key }, hmacKey: existing.hmacKey }
}
