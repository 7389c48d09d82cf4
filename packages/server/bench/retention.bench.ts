/**
 * retention.sweep() redacting N expired ledger rows against a raw UPDATE (the same redaction in
 * one statement) and a raw DELETE of the same rows, in the same run: what batching, the
 * "still standing" check, the audit rows and cache invalidation cost. N = 200,000 on PGlite and
 * 1,000,000 on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, a fresh database created
 * and dropped). Rows are seeded with generate_series, not through the API: each subject has an
 * expired, superseded consent from 2018 and a standing one from yesterday. Figures go to stdout
 * and bench/results/retention.json; nothing gates CI.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql, type Kysely } from 'kysely'
import { createPrivacy } from '../src/index.js'
import { judge, printFigures, summarize } from '@onmion/bench'
import { benchDatabaseUrl } from './config.js'
import { withPostgresDatabase } from './postgres.js'
import type { Tables } from '../src/storage/tables.js'

const POSTGRES_URL = benchDatabaseUrl
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 200_000)
const POSTGRES_ROWS = Number(process.env.BENCH_POSTGRES_ROWS ?? 1_000_000)
const BATCH = 10_000

async function seed(db: Kysely<Tables>, n: number): Promise<void> {
  // The Merkle log's trigger appends a leaf per inserted event: it is emptied with the events.
  await sql`truncate privacy_events, privacy_log, privacy_retention_audit, privacy_retention_runs cascade`.execute(db)
  await sql`update privacy_log_size set size = 0`.execute(db)
  await sql`drop index if exists privacy_events_unredacted`.execute(db)
  // Both rows carry their state key, as every event the ledger writes now does.
  await sql`insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at, prev_hash, content_hash, hash, state_key)
    select 'ev_old_' || g, 'b_' || g, 1, 'consent.granted', '{"purpose":"analytics"}'::jsonb, 'banner', '{"ip":"203.0.113.0/24"}'::jsonb, '1.0.0',
           timestamptz '2018-01-01' + g * interval '1 second', timestamptz '2018-01-01' + g * interval '1 second',
           repeat('0', 64), md5(g::text) || md5(g::text), md5('h' || g) || md5('h' || g), 'consent:analytics'
    from generate_series(1, ${n}) g`.execute(db)
  await sql`insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at, prev_hash, content_hash, hash, state_key)
    select 'ev_new_' || g, 'b_' || g, 2, 'consent.granted', '{"purpose":"analytics"}'::jsonb, 'banner', '{}'::jsonb, '1.0.0',
           now() - interval '1 day', now() - interval '1 day',
           md5('h' || g) || md5('h' || g), md5('n' || g) || md5('n' || g), md5('m' || g) || md5('m' || g), 'consent:analytics'
    from generate_series(1, ${n}) g`.execute(db)
  await sql`create index privacy_events_unredacted on privacy_events (type, recorded_at, id collate "C") where redacted_at is null`.execute(db)
  await sql`analyze privacy_events`.execute(db)
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9

async function run(backend: 'pglite' | 'postgres', database: string, n: number) {
  const privacy = await createPrivacy({ policy: onmionPolicy, database })
  try {
    const db = privacy.db
    const cutoff = sql`now() - interval '5 years'`
    await seed(db, n)
    let start = process.hrtime.bigint()
    const report = await privacy.retention.sweep({ batchSize: BATCH })
    const sweepSeconds = seconds(start)
    if (report.removed !== n) throw new Error(`sweep redacted ${report.removed}, expected ${n}`)

    await seed(db, n)
    start = process.hrtime.bigint()
    const updated = await sql`update privacy_events set payload = null, evidence = null, identifier_kind = null, identifier_key_id = null,
        identifier_ciphertext = null, identifier_lookup = null, redacted_at = now()
      where redacted_at is null and type = 'consent.granted' and recorded_at <= ${cutoff}`.execute(db)
    const updateSeconds = seconds(start)
    if (Number(updated.numAffectedRows) !== n) throw new Error(`raw update touched ${String(updated.numAffectedRows)}`)

    await seed(db, n)
    start = process.hrtime.bigint()
    const deleted = await sql`delete from privacy_events where type = 'consent.granted' and recorded_at <= ${cutoff}`.execute(db)
    const deleteSeconds = seconds(start)
    if (Number(deleted.numAffectedRows) !== n) throw new Error(`raw delete touched ${String(deleted.numAffectedRows)}`)

    const rate = (seconds: number) => summarize([n / seconds])
    const figures = {
      backend,
      rows: n,
      batchSize: BATCH,
      sweep: { seconds: round(sweepSeconds), rowsPerSecond: Math.round(n / sweepSeconds) },
      rawUpdate: { seconds: round(updateSeconds), rowsPerSecond: Math.round(n / updateSeconds) },
      rawDelete: { seconds: round(deleteSeconds), rowsPerSecond: Math.round(n / deleteSeconds) },
      judged: [
        judge({ name: `sweep of ${n} rows (${backend})`, unit: 'rows/s', value: rate(sweepSeconds), baseline: { name: 'raw UPDATE', value: rate(updateSeconds) }, aim: { ratio: { min: 0.5 }, text: '>= 0.5x a raw UPDATE of the same rows' } }),
        judge({ name: `sweep of ${n} rows (${backend})`, unit: 'rows/s', value: rate(sweepSeconds), baseline: { name: 'raw DELETE', value: rate(deleteSeconds) } }),
      ],
    }
    printFigures(`retention sweep on ${backend}: ${n} expired rows, batches of ${BATCH} (one run: seeding ${n * 2} rows three times per run)`, figures.judged)
    return figures
  } finally {
    await privacy.close()
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}


const results = [await run('pglite', 'memory://', PGLITE_ROWS)]
if (POSTGRES_URL !== undefined && POSTGRES_URL !== '') results.push(await withPostgresDatabase(POSTGRES_URL, (database) => run('postgres', database, POSTGRES_ROWS)))
else console.log('postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')

await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(
  new URL('./results/retention.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'retention-sweep', date: new Date().toISOString(), node: process.version, platform: `${platform()}-${arch()}`, cpu: cpus()[0]?.model ?? 'unknown', results }, null, 2)}\n`,
)
