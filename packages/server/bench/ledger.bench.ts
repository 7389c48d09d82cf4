/**
 * Ledger appends, single and batched, on PGlite and (when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set) on PostgreSQL, against a raw parameterized INSERT of the same rows
 * through the same driver in the same run. Aim: at least half the raw insert rate.
 * Figures go to stdout and to bench/results/ledger.json; nothing gates CI.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql, type Kysely } from 'kysely'
import { createPrivacy, type RecordInput, type Tables } from '../src/index.js'
import type { PrivacyEventRow } from '../src/ledger/tables.js'
import { benchDatabaseUrl } from './config.js'
import { withPostgresDatabase } from './postgres.js'

const SINGLE = 500
const ROUNDS = 3
const BATCHES = 20
const BATCH_SIZE = 100
const SUBJECTS = 50

type Input = RecordInput<typeof onmionPolicy>

function events(n: number, offset: number): Input[] {
  return Array.from({ length: n }, (_, i) => ({
    subject: `u_${(offset + i) % SUBJECTS}`,
    type: (i % 2 === 0 ? 'consent.granted' : 'consent.withdrawn') as 'consent.granted',
    purpose: 'analytics' as const,
    method: 'banner',
    evidence: { i: offset + i, ua: 'bench' },
  }))
}

const COLUMNS = [
  'id', 'subject', 'seq', 'type', 'payload', 'method', 'evidence', 'policy_version', 'occurred_at', 'recorded_at', 'idempotency_key',
  'identifier_kind', 'identifier_key_id', 'identifier_ciphertext', 'identifier_lookup', 'personal_hash', 'prev_hash', 'content_hash', 'hash', 'redacted_at',
] as const

/** One row as INSERT parameters, with a fresh id and subject so the copy never collides with the original's keys. */
function params(row: PrivacyEventRow, tag: string): unknown[] {
  return COLUMNS.map((c) =>
    c === 'id' ? randomUUID() : c === 'subject' ? `${tag}_${row.subject}` : c === 'payload' || c === 'evidence' ? JSON.stringify(row[c]) : row[c],
  )
}

async function rawInsert(db: Kysely<Tables>, rows: readonly PrivacyEventRow[], tag: string): Promise<void> {
  const tuples = rows.map((row) => sql`(${sql.join(params(row, tag))})`)
  await sql`insert into bench_raw (${sql.raw(COLUMNS.join(', '))}) values ${sql.join(tuples)}`.execute(db)
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint()
  await run()
  return Number(process.hrtime.bigint() - start) / 1e9
}

async function measure(backend: 'pglite' | 'postgres', database: string) {
  const privacy = await createPrivacy({ policy: onmionPolicy, database })
  await sql`create table bench_raw (like privacy_events including all)`.execute(privacy.db)
  // Warm both paths (plans, PGlite's WebAssembly, the JIT) before timing.
  for (const e of events(300, 1_000_000)) await privacy.record(e)
  for (let b = 0; b < 5; b++) await privacy.recordMany(events(BATCH_SIZE, 2_000_000 + b * BATCH_SIZE))
  const warm = await privacy.db.selectFrom('privacy_events').selectAll().limit(300).execute()
  for (const row of warm) await rawInsert(privacy.db, [row], 'w1')
  for (let i = 0; i < warm.length; i += BATCH_SIZE) await rawInsert(privacy.db, warm.slice(i, i + BATCH_SIZE), 'w2')

  // Rounds alternate ledger and raw so both see the same machine load; the best round counts.
  let singleSeconds = Infinity
  let batchSeconds = Infinity
  let rawSingleSeconds = Infinity
  let rawBatchSeconds = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    const base = 10_000_000 * (round + 1)
    const single = events(SINGLE, base)
    singleSeconds = Math.min(singleSeconds, await timed(async () => {
      for (const e of single) await privacy.record(e)
    }))
    const batched = Array.from({ length: BATCHES }, (_, b) => events(BATCH_SIZE, base + SINGLE + b * BATCH_SIZE))
    batchSeconds = Math.min(batchSeconds, await timed(async () => {
      for (const batch of batched) await privacy.recordMany(batch)
    }))
    // The same rows the ledger just wrote, through the same driver, as plain parameterized INSERTs.
    const written = await privacy.db.selectFrom('privacy_events').selectAll().where(sql<boolean>`(evidence->>'i')::bigint >= ${base}`).execute()
    const byI = (r: PrivacyEventRow): number => Number(r.evidence?.i)
    const rawSingleRows = written.filter((r) => byI(r) < base + SINGLE).sort((a, b) => byI(a) - byI(b))
    const rawBatchRows = written.filter((r) => byI(r) >= base + SINGLE).sort((a, b) => byI(a) - byI(b))
    if (rawSingleRows.length !== SINGLE || rawBatchRows.length !== BATCHES * BATCH_SIZE) throw new Error('the raw copy must have the same rows')
    rawSingleSeconds = Math.min(rawSingleSeconds, await timed(async () => {
      for (const row of rawSingleRows) await rawInsert(privacy.db, [row], `s${round}`)
    }))
    rawBatchSeconds = Math.min(rawBatchSeconds, await timed(async () => {
      for (let i = 0; i < rawBatchRows.length; i += BATCH_SIZE) await rawInsert(privacy.db, rawBatchRows.slice(i, i + BATCH_SIZE), `b${round}`)
    }))
  }
  const report = await privacy.ledger.verify()
  if (!report.ok) throw new Error('the benchmark broke a chain')
  await privacy.close()

  const rate = (n: number, s: number): number => Math.round(n / s)
  const result = {
    backend,
    rounds: ROUNDS,
    single: { events: SINGLE, ledgerPerSecond: rate(SINGLE, singleSeconds), rawInsertPerSecond: rate(SINGLE, rawSingleSeconds) },
    batched: {
      events: BATCHES * BATCH_SIZE,
      batchSize: BATCH_SIZE,
      ledgerPerSecond: rate(BATCHES * BATCH_SIZE, batchSeconds),
      rawInsertPerSecond: rate(BATCHES * BATCH_SIZE, rawBatchSeconds),
    },
  }
  return {
    ...result,
    single: { ...result.single, ratio: Number((result.single.ledgerPerSecond / result.single.rawInsertPerSecond).toFixed(3)) },
    batched: { ...result.batched, ratio: Number((result.batched.ledgerPerSecond / result.batched.rawInsertPerSecond).toFixed(3)) },
  }
}

const results = [await measure('pglite', 'memory://')]
if (benchDatabaseUrl !== undefined && benchDatabaseUrl !== '') results.push(await withPostgresDatabase(benchDatabaseUrl, (database) => measure('postgres', database)))

const table: Record<string, Record<string, number>> = {}
for (const r of results) {
  table[`${r.backend} single`] = { 'ledger/s': r.single.ledgerPerSecond, 'raw INSERT/s': r.single.rawInsertPerSecond, ratio: r.single.ratio }
  table[`${r.backend} batch of ${BATCH_SIZE}`] = { 'ledger/s': r.batched.ledgerPerSecond, 'raw INSERT/s': r.batched.rawInsertPerSecond, ratio: r.batched.ratio }
}
console.table(table)
const misses = results.flatMap((r) => [r.single, r.batched].filter((x) => x.ratio < 0.5).map(() => r.backend))
console.log(misses.length === 0 ? 'every figure meets the aim (>= 0.5 of the raw insert rate)' : `below the 0.5 aim on: ${misses.join(', ')}`)
await mkdir(new URL('results/', import.meta.url), { recursive: true })
await writeFile(
  new URL('results/ledger.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'ledger-append', date: new Date().toISOString(), node: process.version, platform: `${platform()}-${arch()}`, cpu: cpus()[0]?.model ?? 'unknown', aimRatio: 0.5, results }, null, 2)}\n`,
)
