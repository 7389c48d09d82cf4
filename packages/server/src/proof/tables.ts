/**
 * A row of `privacy_log`: one leaf of the append-only Merkle log, in the order events were
 * committed. Written by the ledger's appends in the same statement as the event.
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
 * A row of `privacy_log_nodes`: the hash of one complete subtree of the log, of 2^`level` leaves
 * starting at leaf `node_index * 2^level` (levels 8 and up: smaller subtrees are hashed from their leaves when needed). Written by
 * checkpoints, never changed: a cache of what the leaves hash to, which `ledger.verify({ checkpoint })`
 * does not trust (it recomputes from the events).
 *
 * @example
 * const top = await db.selectFrom('privacy_log_nodes').selectAll().where('level', '=', 20).execute()
 */
export interface PrivacyLogNodeRow {
  level: number
  node_index: string | number
  /** Hex RFC 9162 node hash of the subtree. */
  hash: string
}

/**
 * The single row of `privacy_log_tree`: how many leaves `privacy_log_nodes` covers (the size of
 * the last checkpoint). Checkpoints lock it, so two never hash the same leaves at once.
 *
 * @example
 * const { size } = await db.selectFrom('privacy_log_tree').select('size').executeTakeFirstOrThrow()
 */
export interface PrivacyLogTreeRow {
  id: boolean
  size: string | number
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
    privacy_log_nodes: PrivacyLogNodeRow
    privacy_log_tree: PrivacyLogTreeRow
  }
}
