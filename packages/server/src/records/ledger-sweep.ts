import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import { REDACTED_COLUMNS } from '../ledger/rows.js'
import type { Tables } from '../storage/tables.js'

/** The SET list that empties a redacted row's columns (the same ones an erasure empties). */
const EMPTIED = sql.raw(REDACTED_COLUMNS.map((column) => `${column} = null`).join(', '))

/**
 * The state key of a row (`ledger/state-key.ts`): the stored `state_key`, or, for a row written
 * before keys were stored, the same key read from its payload (a redacted legacy row has none:
 * it never supersedes, and is never a candidate). The CASE must agree with `stateKeyOf`.
 */
function stateKey(alias: 'e' | 'l'): RawBuilder<string> {
  return sql.raw(`coalesce(${alias}.state_key, case
    when ${alias}.type in ('consent.granted', 'consent.withdrawn') then 'consent:' || (${alias}.payload->>'purpose')
    when ${alias}.type in ('objection.recorded', 'objection.lifted') then 'objection:' || coalesce(${alias}.payload->>'purpose', '*')
    when ${alias}.type in ('restriction.set', 'restriction.lifted') then 'restriction'
    when ${alias}.type in ('sms.opted_in', 'sms.opted_out') then 'sms'
    when ${alias}.type = 'age.attested' then 'age'
  end)`)
}

/** The categories a cookie choice names: from its key (`cookies:a,b`), or a legacy row's payload. */
function cookieCategories(alias: 'e' | 'l'): RawBuilder<string[]> {
  return sql.raw(`(case when ${alias}.state_key is not null then string_to_array(substr(${alias}.state_key, 9), ',')
    else array(select jsonb_object_keys(${alias}.payload->'choices')) end)`)
}

/**
 * The keys that supersede `e`'s: its own, and for an objection the lift of every objection. The
 * batch computes them once per scanned row (`scan.keys`), so the probe below compares a plain
 * array the planner can take into the index.
 */
const supersedingKeys = sql<string[]>`(case when e.type in ('objection.recorded', 'objection.lifted') then array[${stateKey('e')}, 'objection:*'] else array[${stateKey('e')}] end)`

/**
 * True when a later, unredacted event of the same subject supersedes `e` (whose superseding keys
 * are `keys`): it writes every field of the projected state that `e` writes, so removing `e`
 * cannot change what `check()` answers. An event that still stands (the latest word on its key: a
 * standing consent, objection, restriction or opt-out) is never swept, whatever its age. A lift of
 * all objections supersedes every earlier objection event; a cookie choice is superseded only by
 * a later choice that names every category it named. The rule is `supersedes()` of
 * `ledger/state-key.ts`, which the redaction audit applies: what the sweep redacts, the audit
 * explains.
 *
 * One EXISTS over the subject's later rows through `(subject, seq)`, stopping at the first match
 * (in the batch, a nested-loop semi join, as before keys were stored), with three tests:
 * - a cookie choice: a later choice naming every category it named;
 * - any other keyed event: a later row with a superseding stored key (a plain text comparison,
 *   not the CASE over the payload it was before keys were stored);
 * - a keyless `e` only (written before keys were stored): a later keyless row whose payload
 *   gives a superseding key. Since migration 0144 the append functions refuse a keyed event
 *   without its key, so a keyless row of a keyed type predates it, and so does every event
 *   before it; for a keyed `e` this test would find nothing.
 * A keyless type (`e`'s keys null) matches none: it is never swept.
 */
function superseded(keys: RawBuilder<string[]>): RawBuilder<boolean> {
  return sql<boolean>`exists (
  select 1 from privacy_events l
  where l.subject = e.subject and l.seq > e.seq and l.redacted_at is null and (
    (e.type = 'cookies.choice'
      and (l.state_key like 'cookies:%' or (l.state_key is null and l.type = 'cookies.choice'))
      and ${cookieCategories('l')} @> ${cookieCategories('e')})
    or (e.type <> 'cookies.choice' and l.state_key = any(${keys}))
    or (e.type <> 'cookies.choice' and e.state_key is null and l.state_key is null and ${stateKey('l')} = any(${keys}))
  )
)`
}

/**
 * Which ledger rows a sweep may touch: event types of one rule, recorded at or before `cutoff`,
 * not redacted, not of a held subject.
 *
 * @example const scope: LedgerScope = { types: ['sms.opted_out'], cutoff, heldSubjects: [] }
 */
export interface LedgerScope {
  readonly types: readonly string[]
  readonly cutoff: Date
  readonly heldSubjects: readonly string[]
}

function candidates(scope: LedgerScope): RawBuilder<unknown> {
  const held = scope.heldSubjects.length === 0 ? sql`` : sql`and e.subject not in (${sql.join(scope.heldSubjects)})`
  return sql`e.redacted_at is null and e.type in (${sql.join(scope.types)}) and e.recorded_at <= ${scope.cutoff} ${held}`
}

/**
 * Counts the rows a sweep would redact (and the oldest), and the rows past the rule that are
 * kept because they still stand.
 *
 * @example const { count, oldest, standing } = await ledgerExpired(db, scope)
 */
export async function ledgerExpired(db: Kysely<Tables>, scope: LedgerScope): Promise<{ count: number; oldest: Date | null; standing: number }> {
  const result = await sql<{ count: number; oldest: Date | null; standing: number }>`
    select count(*) filter (where ${superseded(supersedingKeys)})::int as count,
           min(e.recorded_at) filter (where ${superseded(supersedingKeys)}) as oldest,
           count(*) filter (where not ${superseded(supersedingKeys)})::int as standing
    from privacy_events e where ${candidates(scope)}`.execute(db)
  const row = result.rows[0]
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null, standing: row?.standing ?? 0 }
}

/**
 * Where a sweep of one rule's ledger rows got to: every unredacted row ordered before it was
 * judged and kept. Opaque; pass it back to continue.
 *
 * @example let cursor: LedgerCursor | null = null
 */
export interface LedgerCursor {
  readonly recordedAt: string
  readonly id: string
}

/** Namespace of the sweep's advisory locks (the first key of `pg_advisory_xact_lock(int, int)`; the SMS module uses 0x5e5). */
const SWEEP_LOCK_NAMESPACE = 0x5_3e1

/**
 * Redacts one batch, inside the caller's transaction (so the audit row commits with it): scans at
 * most `limit` unredacted rows of the scope after `cursor`, oldest first, and redacts those a
 * later event supersedes. Redaction nulls the payload, the evidence and the identifier columns
 * and sets `redacted_at`; the chain columns stay, so `verify()` still holds. Returns the subjects
 * touched (their cached state is stale) and the cursor after the last row scanned (null when
 * nothing was left to scan): standing rows are passed over once, not rescanned by every batch.
 *
 * The join strategy is pinned for the batch: with hash or merge joins the planner may read the
 * whole table to test a few thousand rows, which makes a sweep quadratic.
 *
 * Two sweepers of the same event types take turns per batch on one transaction-scoped advisory
 * lock (the second one's scan, a new statement after the lock, sees the first one's redactions
 * and passes over them), instead of locking each scanned row: `for update` writes every row it
 * locks before the UPDATE writes it again. The UPDATE finds the rows it redacts by their
 * physical address (`ctid`, read by the scan a moment before), not through the primary key: at
 * 1M rows the key's index no longer stays in memory and each probe was a random read. A row
 * another transaction changes between the scan and the UPDATE (an erasure, a key rotation) no
 * longer has that address: it is left alone, for the next sweep.
 *
 * @example
 * const batch = await db.transaction().execute((trx) => redactLedgerBatch(trx, scope, 1000, null, new Date()))
 */
export async function redactLedgerBatch(
  trx: Transaction<Tables>,
  scope: LedgerScope,
  limit: number,
  cursor: LedgerCursor | null,
  at: Date,
): Promise<{ redacted: number; subjects: string[]; cursor: LedgerCursor | null }> {
  await sql`select pg_advisory_xact_lock(${SWEEP_LOCK_NAMESPACE}::int, hashtext(${scope.types.join(',')})::int)`.execute(trx)
  await sql`set local enable_hashjoin = off`.execute(trx)
  await sql`set local enable_mergejoin = off`.execute(trx)
  // The `>=` bound lets the index scan start at the cursor instead of walking every row before it.
  const after =
    cursor === null
      ? sql``
      : sql`and e.recorded_at >= ${cursor.recordedAt}::timestamptz and (e.recorded_at > ${cursor.recordedAt}::timestamptz or e.id collate "C" > ${cursor.id})`
  const result = await sql<{ redacted: number; subjects: string[] | null; cursor_at: string | null; cursor_id: string | null }>`
    with scan as materialized (
      select e.ctid, e.id, e.subject, e.seq, e.type, e.payload, e.state_key, ${supersedingKeys} as keys, e.recorded_at from privacy_events e
      where ${candidates(scope)} ${after}
      order by e.recorded_at, e.id collate "C"
      limit ${limit}
    ),
    last as (select s.id, s.recorded_at from scan s order by s.recorded_at desc, s.id collate "C" desc limit 1),
    picked as (select e.ctid, e.id from scan e where ${superseded(sql.raw<string[]>('e.keys'))}),
    updated as (
      update privacy_events p
      set ${EMPTIED}, redacted_at = ${at}
      from picked where p.ctid = picked.ctid and p.id = picked.id and p.redacted_at is null
      returning p.subject
    )
    select (select count(*) from updated)::int as redacted,
           (select json_agg(distinct u.subject) from updated u) as subjects,
           (select l.recorded_at::text from last l) as cursor_at,
           (select l.id from last l) as cursor_id`.execute(trx)
  const row = result.rows[0]
  const next = row?.cursor_at != null && row.cursor_id !== null ? { recordedAt: row.cursor_at, id: row.cursor_id } : null
  return { redacted: row?.redacted ?? 0, subjects: row?.subjects ?? [], cursor: next }
}
