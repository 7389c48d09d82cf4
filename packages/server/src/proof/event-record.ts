import type { EventRecord } from '@onmion/privacy-proof'
import { rowPersonal } from '../ledger/rows.js'
import type { PrivacyEventRow } from '../ledger/tables.js'

/**
 * A stored event as proofs carry it: the fields its hashes cover (its state key too, for an event
 * hashed in content format 2). A redacted event carries no
 * personal content (its kept `personalHash` stands in), so a proof never holds more personal
 * data than the ledger does.
 *
 * @example
 * const record = eventRecord(row)
 */
export function eventRecord(row: PrivacyEventRow): EventRecord {
  return {
    id: row.id,
    subject: row.subject,
    seq: row.seq,
    type: row.type,
    method: row.method,
    policyVersion: row.policy_version,
    occurredAt: new Date(row.occurred_at).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
    idempotencyKey: row.idempotency_key,
    personal: row.redacted_at === null ? rowPersonal(row) : null,
    personalHash: row.personal_hash,
    // Only when the event has one: a format 1 event's record stays exactly as it was.
    ...(row.state_key === null ? {} : { stateKey: row.state_key }),
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}
