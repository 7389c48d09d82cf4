import type { ColumnType, Generated } from 'kysely'

/**
 * A legal hold: while `released_at` is null, nothing of the subject (scope `subject`) or nothing
 * kept under the rule (scope `rule`) is deleted, by a sweep or an erasure.
 *
 * @example await db.selectFrom('privacy_legal_holds').selectAll().where('released_at', 'is', null).execute()
 */
export interface LegalHoldRow {
  id: string
  scope: string
  target: string
  reason: string
  placed_at: Date
  released_at: Date | null
  release_reason: string | null
}

/**
 * One sweep run: the `now` it judged by, how far it got.
 *
 * @example await db.selectFrom('privacy_retention_runs').selectAll().orderBy('started_at', 'desc').execute()
 */
export interface RetentionRunRow {
  id: string
  now: Date
  started_at: Date
  finished_at: Date | null
  status: string
  removed: ColumnType<string, number, number>
  error: string | null
}

/**
 * What one batch removed: counts per rule and record kind, never contents.
 *
 * @example await db.selectFrom('privacy_retention_audit').select(['rule', 'count']).where('run_id', '=', runId).execute()
 */
export interface RetentionAuditRow {
  id: Generated<string>
  run_id: string
  rule: string
  source: string
  kind: string
  action: string
  count: number
  cutoff: Date
  at: Date
}

declare module '../storage/tables.js' {
  interface Tables {
    privacy_legal_holds: LegalHoldRow
    privacy_retention_runs: RetentionRunRow
    privacy_retention_audit: RetentionAuditRow
  }
}
