/**
 * Ledger appends with the Merkle log (chain + head + leaf), one at a time (`record`) and in
 * batches of 100 (`recordMany`), on PGlite and (with BENCH_DATABASE_URL or TEST_DATABASE_URL, a
 * fresh database created and dropped) PostgreSQL, against a raw parameterized INSERT of the same
 * rows into a copy of the table (same indexes, no chain, no log) through the same driver.
 * Each of BENCH_LEDGER_RUNS runs (default 7) alternates both event by event (batch by batch), so
 * both see the same machine load. Aim (issue #14): at least 0.5x the raw INSERT rate, single and batch, on both
 * backends, in every run: the median and the worst run are both judged.
 * Figures go to stdout and bench/results/ledger.json; nothing gates CI.
 *
 * Run: `TEST_DATABASE_URL=postgres://... pnpm --filter @onmion/privacy-server bench ledger`
 */
import { onmionPolicy } from '@onmion/privacy-policy'
import { judge, printFigures, summarize, writeResults, type Judged } from '@onmion/bench'
import { sql, type Kysely } from 'kysely'
import { createPrivacy, type Tables } from '../src/index.js'
import type { PrivacyEventRow } from '../src/ledger/tables.js'
import { benchDatabaseUrl, ledgerBench } from './config.js'
import { consentInputs } from './consent-inputs.js'
import { withPostgresDatabase } from './postgres.js'

const UNITS = 200
const BATCH = 100
const AIM = 0.5

type Privacy = Awaited<ReturnType<typeof createPrivacy<typeof onmionPolicy>>>
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9


const COLUMNS = [
  'id', 'subject', 'seq', 'type', 'payload', 'method', 'evidence', 'policy_version', 'occurred_at', 'recorded_at', 'idempotency_key',
  'identifier_kind', 'identifier_key_id', 'identifier_ciphertext', 'identifier_lookup', 'personal_hash', 'prev_hash', 'content_hash', 'hash',
] as const

/** The ledger's rows as plain parameterized INSERTs (one statement per row, or one per batch), under new ids and subjects. */
async function insertRaw(db: Kysely<Tables>, rows: readonly PrivacyEventRow[]): Promise<void> {
  const tuples = rows.map((row) =>
    sql`(${sql.join(COLUMNS.map((c) => (c === 'id' || c === 'subject' ? `raw_${row[c]}` : c === 'payload' || c === 'evidence' ? JSON.stringify(row[c]) : row[c])))})`,
  )
  await sql`insert into bench_raw (${sql.raw(COLUMNS.join(', '))}) values ${sql.join(tuples)}`.execute(db)
}

/**
 * One run: UNITS units (one event, or one batch), each written by the ledger then, the same rows,
 * by a raw INSERT; events/s of each. Alternating unit by unit (not in slices) lets a busy stretch
 * of a shared machine land on both sides alike.
 */
async function appendRun(privacy: Privacy, batched: boolean): Promise<{ ledger: number; raw: number }> {
  let ledger = 0
  let raw = 0
  const size = batched ? BATCH : 1
  for (let u = 0; u < UNITS; u++) {
    const unit = consentInputs(size)
    let start = process.hrtime.bigint()
    const written = batched ? await privacy.recordMany(unit) : [await privacy.record(unit[0]!)]
    ledger += seconds(start)
    const rows = await privacy.db.selectFrom('privacy_events').selectAll().where('id', 'in', written.map((e) => e.id)).execute()
    rows.sort((a, b) => Number(a.evidence?.i) - Number(b.evidence?.i))
    start = process.hrtime.bigint()
    await insertRaw(privacy.db, rows)
    raw += seconds(start)
  }
  return { ledger: (UNITS * size) / ledger, raw: (UNITS * size) / raw }
}

function figures(backend: string, name: string, runs: readonly { ledger: number; raw: number }[]): Judged[] {
  const ratios = runs.map((r) => r.ledger / r.raw)
  return [
    judge({
      name: `${backend}: ${name}`,
      unit: 'events/s',
      value: summarize(runs.map((r) => r.ledger)),
      baseline: { name: 'raw INSERT', value: summarize(runs.map((r) => r.raw)) },
      aim: { ratio: { min: AIM }, text: `>= ${AIM}x a raw INSERT` },
    }),
    judge({
      name: `${backend}: ${name}, worst run's ratio`,
      unit: 'x',
      value: summarize([Math.min(...ratios)]),
      aim: { value: { min: AIM }, text: `>= ${AIM}x in every run (ratios ${ratios.map((r) => r.toFixed(2)).join(' ')})` },
    }),
  ]
}

async function measure(backend: 'pglite' | 'postgres', database: string): Promise<Judged[]> {
  const privacy = await createPrivacy({ policy: onmionPolicy, database })
  try {
    await sql`create table bench_raw (like privacy_events including all)`.execute(privacy.db)
    // Warm both paths (plans, PGlite's WebAssembly, the JIT) before measuring.
    await appendRun(privacy, false)
    await appendRun(privacy, true)
    const single = []
    const batched = []
    for (let r = 0; r < ledgerBench.runs; r++) {
      single.push(await appendRun(privacy, false))
      batched.push(await appendRun(privacy, true))
    }
    const report = await privacy.ledger.verify()
    if (!report.ok) throw new Error('the benchmark broke a chain')
    return [...figures(backend, 'record(), one at a time', single), ...figures(backend, `recordMany(), batches of ${BATCH}`, batched)]
  } finally {
    await privacy.close()
  }
}

const judged = await measure('pglite', 'memory://')
if (benchDatabaseUrl === undefined) console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
else judged.push(...(await withPostgresDatabase(benchDatabaseUrl, (database) => measure('postgres', database))))
printFigures(`ledger appends with the Merkle log vs a raw INSERT of the same rows, ${ledgerBench.runs} runs`, judged)
await writeResults(new URL('./results/', import.meta.url), 'ledger', { runs: ledgerBench.runs, units: UNITS, batchSize: BATCH, figures: judged })
