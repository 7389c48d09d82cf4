import type { EventContent, PersonalContent } from '@onmion/privacy-proof'
import type { Policy, SubjectId } from '@onmion/privacy-schema'
import type { Kysely } from 'kysely'
import type { IdentifierKind, IdentifierVault } from '../crypto/vault.js'
import type { Tables } from '../storage/tables.js'
import type { Evidence, LedgerEvent, LedgerEventType } from './events.js'
import type { RedactionFacts } from './redaction-audit.js'
import { stateKeyOf } from './state-key.js'
import type { PrivacyEventRow } from './tables.js'

/**
 * The columns a redaction empties, whether retention or an erasure makes it: the personal content
 * and the sealed identifier. The chain columns and the state key stay, so `verify()` still holds.
 */
export const REDACTED_COLUMNS = ['payload', 'evidence', 'identifier_kind', 'identifier_key_id', 'identifier_ciphertext', 'identifier_lookup'] as const satisfies readonly (keyof PrivacyEventRow)[]

/**
 * The values a redaction at `at` writes: {@link REDACTED_COLUMNS} emptied and `redacted_at` set.
 *
 * @example
 * await trx.updateTable('privacy_events').set(redactionValues(at)).where('id', '=', id).execute()
 */
export function redactionValues(at: Date): Record<(typeof REDACTED_COLUMNS)[number], null> & { redacted_at: Date } {
  const values: Record<string, Date | null> = { redacted_at: at }
  for (const column of REDACTED_COLUMNS) values[column] = null
  return values as Record<(typeof REDACTED_COLUMNS)[number], null> & { redacted_at: Date }
}

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
export function rowContent(row: PrivacyEventRow): EventContent {
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
 * The columns an event is read from: the row without its personal hash and state key, which no
 * event carries (a reader that builds only events need not fetch them).
 */
const EVENT_COLUMNS = [
  'id',
  'subject',
  'seq',
  'type',
  'payload',
  'method',
  'evidence',
  'policy_version',
  'occurred_at',
  'recorded_at',
  'idempotency_key',
  'identifier_kind',
  'identifier_key_id',
  'identifier_ciphertext',
  'identifier_lookup',
  'prev_hash',
  'content_hash',
  'hash',
  'redacted_at',
] as const satisfies readonly (keyof PrivacyEventRow)[]

/** What an event is built from: the row's {@link EVENT_COLUMNS}. */
export type EventRow = Pick<PrivacyEventRow, (typeof EVENT_COLUMNS)[number]>

/**
 * A subject's events as stored, in chain order: what `ledger.history()` and a rights export both
 * read (one query, so the two cannot differ in columns or order).
 *
 * @example
 * const events = (await subjectEventRows(db, 'u_42')).map((row) => toEvent(row, vault))
 */
export function subjectEventRows(db: Kysely<Tables>, subject: string): Promise<EventRow[]> {
  return db.selectFrom('privacy_events').select(EVENT_COLUMNS).where('subject', '=', subject).orderBy('seq').execute()
}

/**
 * A stored row as an event: payload fields spread, the sealed identifier decrypted (SMS events
 * get `phone`), a redacted row without them.
 *
 * @example
 * const events = rows.map((row) => toEvent<P>(row, vault))
 */
export function toEvent<P extends Policy>(row: EventRow, vault: IdentifierVault): LedgerEvent<P> {
  return eventFields(row, vault, (at) => new Date(at)) as unknown as LedgerEvent<P>
}

/**
 * A stored row as plain JSON: exactly `JSON.parse(JSON.stringify(toEvent(row, vault)))` (the same
 * keys in the same order, instants as ISO strings), built in one pass. What an export carries.
 *
 * @example
 * JSON.stringify(rows.map((row) => toEventJson(row, vault)))
 */
export function toEventJson(row: EventRow, vault: IdentifierVault): Record<string, unknown> {
  return eventFields(row, vault, (at) => new Date(at).toISOString())
}

/**
 * The fields of an event, its instants as `instant` makes them. Payload and evidence come from
 * jsonb columns, so besides the instants nothing in an event is other than plain JSON.
 */
function eventFields(row: EventRow, vault: IdentifierVault, instant: (at: Date) => Date | string): Record<string, unknown> {
  const common = {
    id: row.id,
    subject: row.subject as SubjectId,
    seq: row.seq,
    method: row.method,
    policyVersion: row.policy_version,
    occurredAt: instant(row.occurred_at),
    recordedAt: instant(row.recorded_at),
    idempotencyKey: row.idempotency_key,
    contentHash: row.content_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
  if (row.redacted_at !== null) {
    return Object.assign(common, { type: row.type as LedgerEventType, evidence: null, redactedAt: instant(row.redacted_at) })
  }
  const identifier: Record<string, string> = {}
  if (row.identifier_kind !== null && row.identifier_key_id !== null && row.identifier_ciphertext !== null) {
    const kind = row.identifier_kind as IdentifierKind
    identifier[kind] = vault.open({ kind, keyId: row.identifier_key_id, ciphertext: row.identifier_ciphertext })
  }
  // Not `{ ...payload, ...identifier, ...common }`: adding properties after a spread put every
  // event on V8's slow path (about 25 µs an event, most of an export's time over a raw select,
  // see bench/export.bench.ts). fromEntries defines the payload's keys as a spread does (a stored
  // `__proto__` stays a key), then assign adds the rest: the same keys, order and values.
  return Object.assign(Object.fromEntries(Object.entries(row.payload ?? {})), identifier, common, {
    type: row.type,
    evidence: (row.evidence ?? {}) as Evidence,
    redactedAt: null,
  })
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
