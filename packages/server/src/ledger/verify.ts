import type { Kysely } from 'kysely'
import type { Tables } from '../storage/tables.js'
import { GENESIS_HASH, chainHash, contentHashOf, personalHashOf } from './canonical.js'
import type { BrokenLink, VerifyReport } from './ledger-types.js'
import { unexplainedRedaction, type RedactionRules } from './redaction-audit.js'
import { REDACTED_COLUMNS, redactionFacts, rowContent, rowPersonal } from './rows.js'
import type { PrivacyEventRow } from './tables.js'

/** Subjects checked per round trip. */
const SUBJECT_PAGE = 200

/**
 * Broken subjects listed in a report; the count covers them all.
 *
 * @example
 * if (report.brokenSubjects > VERIFY_LIST_LIMIT) console.log(`${report.brokenSubjects - VERIFY_LIST_LIMIT} more not listed`)
 */
export const VERIFY_LIST_LIMIT = 100

/** Whether a row holds anything a redaction empties: every {@link REDACTED_COLUMNS} is null on a redacted row. */
function holdsPersonalContent(row: PrivacyEventRow): boolean {
  return REDACTED_COLUMNS.some((column) => row[column] !== null)
}

/** The first broken link of one subject's chain, or undefined when it holds. */
function checkChain(
  head: { subject: string; seq: number; hash: string },
  rows: readonly PrivacyEventRow[],
  counts: { events: number; redacted: number },
  rules: RedactionRules,
): BrokenLink | undefined {
  let prevHash = GENESIS_HASH
  let expected = 1
  for (const row of rows) {
    const at = { subject: row.subject, seq: row.seq }
    if (row.seq !== expected) {
      return { subject: row.subject, seq: expected, problem: 'seq_gap', message: `event ${expected} of ${row.subject} is missing (next stored is ${row.seq})` }
    }
    if (row.prev_hash !== prevHash) return { ...at, problem: 'prev_hash_mismatch', message: `event ${row.seq} of ${row.subject} does not link to the event before it` }
    if (row.redacted_at === null && personalHashOf(rowPersonal(row)) !== row.personal_hash) {
      return { ...at, problem: 'content_hash_mismatch', message: `event ${row.seq} of ${row.subject} was changed after it was recorded` }
    }
    // A redaction removes the personal content; a row marked redacted that still holds it had
    // its flag set by hand (which would hide the event from every decision).
    if (row.redacted_at !== null && holdsPersonalContent(row)) {
      return { ...at, problem: 'redaction_mismatch', message: `event ${row.seq} of ${row.subject} is marked redacted but still holds its content: the flag was set outside retention` }
    }
    if (contentHashOf(rowContent(row)) !== row.content_hash) {
      return { ...at, problem: 'content_hash_mismatch', message: `event ${row.seq} of ${row.subject} was changed after it was recorded` }
    }
    if (chainHash(row.prev_hash, row.content_hash) !== row.hash) {
      return { ...at, problem: 'hash_mismatch', message: `event ${row.seq} of ${row.subject} has a hash that does not match its content` }
    }
    if (row.redacted_at !== null) counts.redacted++
    prevHash = row.hash
    expected++
    counts.events++
  }
  if (head.seq !== expected - 1 || head.hash !== prevHash) {
    return {
      subject: head.subject,
      seq: expected,
      problem: 'head_mismatch',
      message: `the chain of ${head.subject} ends at event ${expected - 1} but its head records event ${head.seq}: events were deleted`,
    }
  }
  // Every link holds; a redaction could still have been made by hand on a row whose content was
  // blanked too (redacted_at is not hashed): judge each against the policy's retention rules.
  const unexplained = unexplainedRedaction(rows.map(redactionFacts), rules)
  if (unexplained !== undefined) {
    return { subject: head.subject, seq: unexplained.seq, problem: 'redaction_unexplained', message: `event ${unexplained.seq} of ${head.subject} was redacted outside retention and erasure: ${unexplained.reason}` }
  }
  return undefined
}

/**
 * Recomputes every subject's chain (or one subject's) and reports every broken subject: the
 * first broken link of each (at most {@link VERIFY_LIST_LIMIT} listed, all counted), so one
 * broken chain never hides another. Subjects are walked in id order, events in seq order; for
 * each event:
 * - `seq` follows the previous one (a gap is a deleted row);
 * - `prev_hash` is the previous event's `hash` (64 zeros first);
 * - `personal_hash` is recomputed from the personal columns, unless the row is redacted (its
 *   personal content was removed on purpose: the stored value stands in for it), and a row
 *   marked redacted must hold no personal content;
 * - `content_hash` is recomputed from the other columns and `personal_hash`, redacted or not;
 * - `hash` = SHA-256(prev_hash || content_hash);
 * and the chain's end matches the subject's head row (a deleted last event); then every redacted
 * row must be one retention or an erasure could have made under `rules` (see
 * {@link unexplainedRedaction}): a redaction set by hand is `redaction_unexplained`.
 *
 * @example
 * const report = await verifyChains(db, { rules: ledgerRules(policy) })
 */
export async function verifyChains(db: Kysely<Tables>, options: { subject?: string; rules: RedactionRules }): Promise<VerifyReport> {
  let subjects = 0
  const counts = { events: 0, redacted: 0 }
  const broken: BrokenLink[] = []
  let brokenSubjects = 0
  const report = (link: BrokenLink): void => {
    brokenSubjects++
    if (broken.length < VERIFY_LIST_LIMIT) broken.push(link)
  }

  // Rows whose subject has no head were written around the ledger (or the head was deleted).
  let orphanQuery = db
    .selectFrom('privacy_events as e')
    .select(['e.subject', (eb) => eb.fn.min('e.seq').as('seq')])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('privacy_subject_heads as h').select('h.subject').whereRef('h.subject', '=', 'e.subject'))))
    .groupBy('e.subject')
    .orderBy('e.subject')
  if (options.subject !== undefined) orphanQuery = orphanQuery.where('e.subject', '=', options.subject)
  const orphans = (await orphanQuery.execute()).map((o) => ({ subject: o.subject, seq: o.seq }))
  let nextOrphan = 0
  const orphanLink = (o: { subject: string; seq: number }): BrokenLink => ({ subject: o.subject, seq: o.seq, problem: 'head_mismatch', message: `events of ${o.subject} have no chain head` })

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
      for (let o = orphans[nextOrphan]; o !== undefined && o.subject < head.subject; o = orphans[++nextOrphan]) report(orphanLink(o))
      subjects++
      const link = checkChain(head, bySubject.get(head.subject) ?? [], counts, options.rules)
      if (link !== undefined) report(link)
    }
    after = heads[heads.length - 1]?.subject
    if (heads.length < SUBJECT_PAGE) break
  }
  for (let o = orphans[nextOrphan]; o !== undefined; o = orphans[++nextOrphan]) report(orphanLink(o))
  const totals = { subjects, events: counts.events, redacted: counts.redacted }
  const first = broken[0]
  return first === undefined ? { ok: true, ...totals, broken: [], brokenSubjects: 0 } : { ok: false, ...totals, firstBroken: first, broken, brokenSubjects }
}
