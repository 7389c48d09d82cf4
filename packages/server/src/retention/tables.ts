import type { ColumnType, Generated } from 'kysely'

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
    privacy_retention_runs: RetentionRunRow
    privacy_retention_audit: RetentionAuditRow
  }
}
