import type { EventRecord } from '@onmion/privacy-proof'
import { rowPersonal } from '../ledger/rows.js'
import type { PrivacyEventRow } from '../ledger/tables.js'

/**
 * A stored event as proofs carry it: the fields its hashes cover. A redacted event carries no
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
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}
