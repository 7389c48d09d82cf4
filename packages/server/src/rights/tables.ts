import type { ColumnType, Generated } from 'kysely'

/**
 * A rights request as stored. Dates are `timestamptz`; `jurisdictions` and `outcome` are JSON.
 *
 * @example await db.selectFrom('privacy_rights_requests').selectAll().where('status', '=', 'in_progress').execute()
 */
export interface RightsRequestRow {
  id: string
  subject: string
  type: string
  channel: string
  note: string | null
  status: string
  jurisdictions: ColumnType<string[], string, string>
  deadline_rule: string
  received_at: Date
  due_at: Date
  /** When the request must be acknowledged (a law's clock, e.g. CCPA's 10 business days); null when no law asks. */
  acknowledge_due_at: Date | null
  acknowledge_rule: string | null
  acknowledged_at: Date | null
  /** The latest date an extension may reach, fixed when the request is opened; null: none allowed. */
  extension_limit: Date | null
  extended: boolean
  closed_at: Date | null
  outcome: ColumnType<unknown, string | null, string | null>
  policy_version: string
}

/**
 * One entry of a request's status history (`extended` entries carry the new due date).
 *
 * @example await db.selectFrom('privacy_rights_history').selectAll().where('request_id', '=', id).orderBy('seq').execute()
 */
export interface RightsHistoryRow {
  request_id: string
  seq: number
  status: string
  at: Date
  reason: string | null
  due_at: Date | null
  id: Generated<number>
}

declare module '../storage/tables.js' {
  interface Tables {
    privacy_rights_requests: RightsRequestRow
    privacy_rights_history: RightsHistoryRow
  }
}
