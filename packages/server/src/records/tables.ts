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

declare module '../storage/tables.js' {
  interface Tables {
    privacy_legal_holds: LegalHoldRow
  }
}
