import type { Generated } from 'kysely'

/**
 * A row of `privacy_events`: one ledger event. `payload` holds the type-specific fields except
 * identifiers, which live sealed in the `identifier_*` columns. Retention redacts a row by
 * nulling `payload`, `evidence` and the identifier columns and setting `redacted_at`; the chain
 * columns (`seq`, `personal_hash`, `prev_hash`, `content_hash`, `hash`) and `state_key` never change.
 *
 * @example
 * const rows = await db.selectFrom('privacy_events').selectAll().where('subject', '=', 'u_42').orderBy('seq').execute()
 */
export interface PrivacyEventRow {
  id: string
  subject: string
  seq: number
  type: string
  payload: Record<string, unknown> | null
  method: string
  evidence: Record<string, unknown> | null
  policy_version: string
  occurred_at: Date
  recorded_at: Date
  idempotency_key: string | null
  identifier_kind: string | null
  identifier_key_id: string | null
  identifier_ciphertext: string | null
  identifier_lookup: string | null
  /** SHA-256 of the personal content (payload, evidence, identifier); kept when redacted. */
  personal_hash: string
  prev_hash: string
  content_hash: string
  hash: string
  redacted_at: Date | null
  /**
   * The event's state key (`state-key.ts`): what it is about, in clear (policy ids only). Hashed
   * (content format v2) and kept when redacted, so the redaction audit can tell which state a
   * redacted event spoke for. Null for keyless types and for events written before the column.
   */
  state_key: string | null
}

/**
 * A row of `privacy_subject_heads`: the last link of a subject's chain. Appends lock it
 * (`select ... for update`), which is what keeps concurrent writers on one linear chain; verify
 * compares it with the last event, which detects a deleted tail.
 *
 * @example
 * const head = await db.selectFrom('privacy_subject_heads').selectAll().where('subject', '=', 'u_42').executeTakeFirst()
 */
export interface PrivacySubjectHeadRow {
  subject: string
  seq: number
  /** The hash before the last append (what the last event's `prev_hash` is). */
  prev_hash: string
  hash: string
  updated_at: Generated<Date>
}

declare module '../storage/tables.js' {
  interface Tables {
    privacy_events: PrivacyEventRow
    privacy_subject_heads: PrivacySubjectHeadRow
  }
}
