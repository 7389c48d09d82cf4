import type { Kysely } from 'kysely'
import type { Tables } from '../storage/tables.js'
import './tables.js'

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

/**
 * How many leaves the log holds now (committed appends).
 *
 * @example
 * if (to > (await logLength(db))) throw invalidField('to', 'is past the log')
 */
export async function logLength(db: Kysely<Tables>): Promise<number> {
  const row = await db.selectFrom('privacy_log_size').select('size').executeTakeFirst()
  return Number(row?.size ?? 0)
}
