import type { Policy, SubjectId } from '@onmion/privacy-schema'
import type { IdentifierKind, IdentifierVault } from '../crypto/vault.js'
import type { HashedContent, PersonalContent } from './canonical.js'
import type { Evidence, LedgerEvent, LedgerEventType, RecordedEvent } from './events.js'
import type { RedactionFacts } from './redaction-audit.js'
import { stateKeyOf } from './state-key.js'
import type { PrivacyEventRow } from './tables.js'

/**
 * The personal content of a stored row, as it was hashed when written.
 *
 * @example
 * personalHashOf(rowPersonal(row)) === row.personal_hash // unless the row was edited (or redacted)
 */
export function rowPersonal(row: PrivacyEventRow): PersonalContent {
  return {
    payload: row.payload,
    evidence: row.evidence,
    identifier: row.identifier_kind !== null && row.identifier_lookup !== null ? { kind: row.identifier_kind, lookup: row.identifier_lookup } : null,
  }
}

/**
 * The hashed content of a stored row, exactly as it was hashed when written.
 *
 * @example
 * contentHashOf(rowContent(row)) === row.content_hash // unless the row was edited
 */
export function rowContent(row: PrivacyEventRow): HashedContent {
  return {
    id: row.id,
    subject: row.subject,
    type: row.type,
    method: row.method,
    policyVersion: row.policy_version,
    occurredAt: new Date(row.occurred_at),
    recordedAt: new Date(row.recorded_at),
    idempotencyKey: row.idempotency_key,
    personalHash: row.personal_hash,
    stateKey: row.state_key,
  }
}

/**
 * A stored row as an event: payload fields spread, the sealed identifier decrypted (SMS events
 * get `phone`), a redacted row without them.
 *
 * @example
 * const events = rows.map((row) => toEvent<P>(row, vault))
 */
export function toEvent<P extends Policy>(row: PrivacyEventRow, vault: IdentifierVault): LedgerEvent<P> {
  const common = {
    id: row.id,
    subject: row.subject as SubjectId,
    seq: row.seq,
    method: row.method,
    policyVersion: row.policy_version,
    occurredAt: new Date(row.occurred_at),
    recordedAt: new Date(row.recorded_at),
    idempotencyKey: row.idempotency_key,
    contentHash: row.content_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
  if (row.redacted_at !== null) {
    return { ...common, type: row.type as LedgerEventType, evidence: null, redactedAt: new Date(row.redacted_at) }
  }
  const identifier: Record<string, string> = {}
  if (row.identifier_kind !== null && row.identifier_key_id !== null && row.identifier_ciphertext !== null) {
    const kind = row.identifier_kind as IdentifierKind
    identifier[kind] = vault.open({ kind, keyId: row.identifier_key_id, ciphertext: row.identifier_ciphertext })
  }
  return {
    ...(row.payload ?? {}),
    ...identifier,
    ...common,
    type: row.type,
    evidence: (row.evidence ?? {}) as Evidence,
    redactedAt: null,
  } as unknown as RecordedEvent<P>
}

/**
 * What the redaction audit reads of a stored row: its place, type, times, state key and, for an
 * erasure's record, what it lists. A row written before state keys were stored (format v1) that
 * still holds its payload gets the key its payload gives: the sweep reads it the same way, and
 * the payload is covered by the personal hash. A redacted one has none (the audit falls back to
 * its family).
 *
 * @example
 * const found = unexplainedRedaction(rows.map(redactionFacts), rules)
 */
export function redactionFacts(row: PrivacyEventRow): RedactionFacts {
  return {
    seq: row.seq,
    type: row.type,
    recordedAt: new Date(row.recorded_at),
    redactedAt: row.redacted_at === null ? null : new Date(row.redacted_at),
    stateKey: row.state_key ?? (row.redacted_at === null ? stateKeyOf(row.type, row.payload) : null),
    erasedAt: row.payload?.erasedAt,
    erased: row.payload?.erased,
  }
}
