import type { Kysely } from 'kysely'
import type { Tables } from '../storage/tables.js'
import { GENESIS_HASH, chainHash, contentHashOf, personalHashOf } from './canonical.js'
import type { BrokenLink, VerifyReport } from './ledger-types.js'
import { rowContent, rowPersonal } from './rows.js'
import type { PrivacyEventRow } from './tables.js'

/** Subjects checked per round trip. */
const SUBJECT_PAGE = 200

/**
 * Recomputes every subject's chain (or one subject's) and stops at the first broken link.
 * Subjects are walked in id order, events in seq order; for each event:
 * - `seq` follows the previous one (a gap is a deleted row);
 * - `prev_hash` is the previous event's `hash` (64 zeros first);
 * - `personal_hash` is recomputed from the personal columns, unless the row is redacted (its
 *   personal content was removed on purpose: the stored value stands in for it);
 * - `content_hash` is recomputed from the other columns and `personal_hash`, redacted or not;
 * - `hash` = SHA-256(prev_hash || content_hash);
 * and the chain's end matches the subject's head row (a deleted last event).
 *
 * @example
 * const report = await verifyChains(db)
 */
export async function verifyChains(db: Kysely<Tables>, options: { subject?: string } = {}): Promise<VerifyReport> {
  let subjects = 0
  let events = 0
  let redacted = 0
  const broken = (link: BrokenLink): VerifyReport => ({ ok: false, subjects, events, redacted, firstBroken: link })

  // Rows whose subject has no head were written around the ledger (or the head was deleted).
  const orphanQuery = db
    .selectFrom('privacy_events as e')
    .select(['e.subject', 'e.seq'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('privacy_subject_heads as h').select('h.subject').whereRef('h.subject', '=', 'e.subject'))))
    .orderBy('e.subject')
    .orderBy('e.seq')
    .limit(1)
  const orphan = await (options.subject === undefined ? orphanQuery : orphanQuery.where('e.subject', '=', options.subject)).executeTakeFirst()

  let after: string | undefined
  for (;;) {
    const from = after
    // A page's heads and events are read in one snapshot: a write landing between two separate
    // reads would otherwise look like a deleted event (a head ahead of its chain) on a live ledger.
    const page = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        let headQuery = trx.selectFrom('privacy_subject_heads').select(['subject', 'seq', 'hash']).orderBy('subject').limit(SUBJECT_PAGE)
        if (options.subject !== undefined) headQuery = headQuery.where('subject', '=', options.subject)
        if (from !== undefined) headQuery = headQuery.where('subject', '>', from)
        const pageHeads = await headQuery.execute()
        if (pageHeads.length === 0) return { heads: pageHeads, rows: [] }
        const pageRows = await trx
          .selectFrom('privacy_events')
          .selectAll()
          .where(
            'subject',
            'in',
            pageHeads.map((h) => h.subject),
          )
          .orderBy('subject')
          .orderBy('seq')
          .execute()
        return { heads: pageHeads, rows: pageRows }
      })
    const { heads, rows } = page
    if (heads.length === 0) break
    const bySubject = new Map<string, PrivacyEventRow[]>()
    for (const row of rows) {
      let list = bySubject.get(row.subject)
      if (!list) bySubject.set(row.subject, (list = []))
      list.push(row)
    }
    for (const head of heads) {
      if (orphan !== undefined && orphan.subject < head.subject) {
        return broken({ subject: orphan.subject, seq: orphan.seq, problem: 'head_mismatch', message: `events of ${orphan.subject} have no chain head` })
      }
      subjects++
      let prevHash = GENESIS_HASH
      let expected = 1
      for (const row of bySubject.get(head.subject) ?? []) {
        const at = { subject: row.subject, seq: row.seq }
        if (row.seq !== expected) {
          return broken({ subject: row.subject, seq: expected, problem: 'seq_gap', message: `event ${expected} of ${row.subject} is missing (next stored is ${row.seq})` })
        }
        if (row.prev_hash !== prevHash) {
          return broken({ ...at, problem: 'prev_hash_mismatch', message: `event ${row.seq} of ${row.subject} does not link to the event before it` })
        }
        if (row.redacted_at === null && personalHashOf(rowPersonal(row)) !== row.personal_hash) {
          return broken({ ...at, problem: 'content_hash_mismatch', message: `event ${row.seq} of ${row.subject} was changed after it was recorded` })
        }
        if (row.redacted_at !== null) redacted++
        if (contentHashOf(rowContent(row)) !== row.content_hash) {
          return broken({ ...at, problem: 'content_hash_mismatch', message: `event ${row.seq} of ${row.subject} was changed after it was recorded` })
        }
        if (chainHash(row.prev_hash, row.content_hash) !== row.hash) {
          return broken({ ...at, problem: 'hash_mismatch', message: `event ${row.seq} of ${row.subject} has a hash that does not match its content` })
        }
        prevHash = row.hash
        expected++
        events++
      }
      if (head.seq !== expected - 1 || head.hash !== prevHash) {
        return broken({
          subject: head.subject,
          seq: expected,
          problem: 'head_mismatch',
          message: `the chain of ${head.subject} ends at event ${expected - 1} but its head records event ${head.seq}: events were deleted`,
        })
      }
    }
    after = heads[heads.length - 1]?.subject
    if (heads.length < SUBJECT_PAGE) break
  }
  if (orphan !== undefined) {
    return broken({ subject: orphan.subject, seq: orphan.seq, problem: 'head_mismatch', message: `events of ${orphan.subject} have no chain head` })
  }
  return { ok: true, subjects, events, redacted }
}
