import { sql } from 'kysely'

/**
 * A clock the test moves: pass `now` as `createPrivacy`'s `clock`, then `set` it forward.
 *
 * @example
 * const clock = testClock('2019-01-10T00:00:00Z')
 * clock.set('2026-06-15T00:00:00Z')
 */
export function testClock(start: string): { now: () => Date; set: (iso: string) => void } {
  let current = new Date(start)
  return { now: () => current, set: (iso) => (current = new Date(iso)) }
}

/**
 * What a database writer does to hide an event: blank its personal columns and mark it redacted,
 * as retention would. `redacted_at` is not hashed; the state key stays (changing it breaks the
 * hash). Spelled out here, not built from the ledger's own list, so a column the ledger forgot
 * to empty is still one a writer empties.
 *
 * @example
 * await sql`update privacy_events set ${HAND_REDACTION} where subject = 'u_w' and seq = 2`.execute(privacy.db)
 */
export const HAND_REDACTION = sql`payload = null, evidence = null, identifier_kind = null, identifier_key_id = null, identifier_ciphertext = null, identifier_lookup = null, redacted_at = now()`
