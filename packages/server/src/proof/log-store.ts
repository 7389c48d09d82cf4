import { sql, type Kysely, type Transaction } from 'kysely'
import { PrivacyError, PrivacyErrorCode } from '../errors.js'
import type { Tables } from '../storage/tables.js'
import './tables.js'

/**
 * The log as stored: its leaf hashes in index order, read in one snapshot.
 *
 * @example
 * const { leaves } = await readLog(db)
 */
export interface StoredLog {
  readonly leaves: Buffer[]
}

/**
 * Reads every leaf hash of the log in one read-only snapshot (a commit landing meanwhile is
 * either wholly in it or not at all).
 *
 * @throws {@link PrivacyError} INTEGRITY when the stored log has a gap or disagrees with its size
 * (someone edited it: `ledger.verify({ checkpoint })` says what).
 * @example
 * const { leaves } = await readLog(db)
 */
export async function readLog(db: Kysely<Tables>): Promise<StoredLog> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const size = await logSize(trx)
      const rows = await sql<{ leaf_index: string | number; leaf_hash: string }>`
        select leaf_index, leaf_hash from privacy_log order by leaf_index`.execute(trx)
      if (rows.rows.length !== size) {
        throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `the log holds ${rows.rows.length} leaves but records a size of ${size}: run ledger.verify({ checkpoint })`)
      }
      const leaves = rows.rows.map((row, i) => {
        if (Number(row.leaf_index) !== i) {
          throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `the log has no leaf ${i}: run ledger.verify({ checkpoint })`)
        }
        return Buffer.from(row.leaf_hash, 'hex')
      })
      return { leaves }
    })
}

/**
 * How many leaves the log records.
 *
 * @example
 * const size = await logSize(db)
 */
export async function logSize(db: Kysely<Tables> | Transaction<Tables>): Promise<number> {
  const row = await db.selectFrom('privacy_log_size').select('size').executeTakeFirst()
  return Number(row?.size ?? 0)
}

/**
 * The leaf index of an event, or undefined when the event is not in the log.
 *
 * @example
 * const index = await leafIndexOf(db, event.id)
 */
export async function leafIndexOf(db: Kysely<Tables>, eventId: string): Promise<number | undefined> {
  const row = await db.selectFrom('privacy_log').select('leaf_index').where('event_id', '=', eventId).executeTakeFirst()
  return row === undefined ? undefined : Number(row.leaf_index)
}
