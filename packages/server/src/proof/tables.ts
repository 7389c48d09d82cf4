/**
 * A row of `privacy_log`: one leaf of the append-only Merkle log, in the order events were
 * committed. Written by a trigger on `privacy_events` in the same statement as the event.
 *
 * @example
 * const leaf = await db.selectFrom('privacy_log').selectAll().where('event_id', '=', event.id).executeTakeFirst()
 */
export interface PrivacyLogRow {
  /** Zero-based position in the log; dense (no gaps) and never reused. */
  leaf_index: string | number
  event_id: string
  /** Hex RFC 9162 leaf hash: SHA-256(0x00 || the event's 32-byte chain hash). */
  leaf_hash: string
}

/**
 * The single row of `privacy_log_size`: how many leaves the log has. Appends update it, which
 * orders concurrent writers from every instance into one sequence of leaf indexes.
 *
 * @example
 * const { size } = await db.selectFrom('privacy_log_size').select('size').executeTakeFirstOrThrow()
 */
export interface PrivacyLogSizeRow {
  id: boolean
  size: string | number
}

declare module '../storage/tables.js' {
  interface Tables {
    privacy_log: PrivacyLogRow
    privacy_log_size: PrivacyLogSizeRow
  }
}
