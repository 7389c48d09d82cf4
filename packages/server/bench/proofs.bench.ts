/**
 * The cost of the Merkle log and its proofs, beside their baselines in the same run:
 * - appends through the ledger (chain + log leaf, one at a time) against a raw INSERT of the same
 *   rows into a copy of the table without the log trigger; aim: at least 0.5x the raw rate;
 * - a signed checkpoint over N events (N = 200,000 on PGlite, 1,000,000 on PostgreSQL with
 *   BENCH_DATABASE_URL or TEST_DATABASE_URL), against reading the same leaf hashes alone;
 * - an inclusion proof in that checkpoint: its size (at most ceil(log2 N) hashes) and time.
 * Events for the checkpoint are seeded with generate_series in one statement (their leaves by
 * the log trigger), not through the API. Figures go to stdout and bench/results/proofs.json;
 * nothing gates CI.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql, type Kysely } from 'kysely'
import { createPrivacy, generateCheckpointKey, type Tables } from '../src/index.js'
import type { PrivacyEventRow } from '../src/ledger/tables.js'
import { benchDatabaseUrl } from './config.js'
import { withPostgresDatabase } from './postgres.js'

const APPENDS = Number(process.env.BENCH_PROOF_APPENDS ?? 300)
const PGLITE_EVENTS = Number(process.env.BENCH_PGLITE_EVENTS ?? 200_000)
const POSTGRES_EVENTS = Number(process.env.BENCH_POSTGRES_EVENTS ?? 1_000_000)

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9

async function run(backend: 'pglite' | 'postgres', database: string, events: number) {
  const privacy = await createPrivacy({ policy: onmionPolicy, database, checkpoints: { key: generateCheckpointKey('bench') } })
  try {
    const db = privacy.db
    await sql`create table bench_raw (like privacy_events including all)`.execute(db)
    // Warm both paths (plans, caches) before measuring.
    for (let i = 0; i < 20; i++) await privacy.record({ subject: `w_${i % 5}`, type: 'restriction.set', method: 'bench' })
    let start = process.hrtime.bigint()
    for (let i = 0; i < APPENDS; i++) await privacy.record({ subject: `u_${i % 50}`, type: 'consent.granted', purpose: 'analytics', method: 'banner', evidence: { i } })
    const appendSeconds = seconds(start)
    const rows = await db.selectFrom('privacy_events').selectAll().where('method', '=', 'banner').execute()
    start = process.hrtime.bigint()
    for (const row of rows) await insertRaw(db, row)
    const rawSeconds = seconds(start)

    await sql`insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at, prev_hash, content_hash, hash)
      select 'seed_' || g, 's_' || g, 1, 'consent.granted', '{"purpose":"analytics"}'::jsonb, 'banner', '{}'::jsonb, '1.0.0', now(), now(),
             repeat('0', 64), md5(g::text) || md5(g::text), md5('h' || g) || md5('h' || g)
      from generate_series(1, ${events}) g`.execute(db)
    const total = Number((await sql<{ size: string }>`select size from privacy_log_size`.execute(db)).rows[0]?.size ?? 0)
    start = process.hrtime.bigint()
    await sql`select leaf_hash from privacy_log order by leaf_index`.execute(db)
    const readSeconds = seconds(start)
    start = process.hrtime.bigint()
    const checkpoint = await privacy.ledger.checkpoint()
    const checkpointSeconds = seconds(start)
    start = process.hrtime.bigint()
    const proof = await privacy.ledger.prove(`seed_${Math.floor(events / 2)}`, { checkpoint })
    const proveSeconds = seconds(start)
    return {
      backend,
      appends: { n: APPENDS, perSecond: APPENDS / appendSeconds, rawInsertPerSecond: rows.length / rawSeconds, ratio: APPENDS / appendSeconds / (rows.length / rawSeconds) },
      checkpoint: { events: total, seconds: checkpointSeconds, readLeavesOnlySeconds: readSeconds, treeSize: checkpoint.treeSize },
      proof: { hashes: proof.path.length, log2: Math.ceil(Math.log2(total)), seconds: proveSeconds, bytes: JSON.stringify(proof).length },
    }
  } finally {
    await privacy.close()
  }
}

async function insertRaw(db: Kysely<Tables>, row: PrivacyEventRow): Promise<void> {
  await sql`insert into bench_raw (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at, personal_hash, prev_hash, content_hash, hash)
    values (${`raw_${row.id}`}, ${`raw_${row.subject}`}, ${row.seq}, ${row.type}, ${JSON.stringify(row.payload)}::jsonb, ${row.method}, ${JSON.stringify(row.evidence)}::jsonb,
      ${row.policy_version}, ${row.occurred_at}, ${row.recorded_at}, ${row.personal_hash}, ${row.prev_hash}, ${row.content_hash}, ${row.hash})`.execute(db)
}

const results = [await run('pglite', 'memory://', PGLITE_EVENTS)]
if (benchDatabaseUrl !== undefined && benchDatabaseUrl !== '') {
  results.push(await withPostgresDatabase(benchDatabaseUrl, (url) => run('postgres', url, POSTGRES_EVENTS)))
}
for (const r of results) {
  console.log(`${r.backend}: appends with the log ${r.appends.perSecond.toFixed(0)}/s vs raw INSERT ${r.appends.rawInsertPerSecond.toFixed(0)}/s = ${r.appends.ratio.toFixed(2)}x (aim >= 0.5x)`)
  console.log(`${r.backend}: checkpoint over ${r.checkpoint.events} events in ${r.checkpoint.seconds.toFixed(2)} s (reading the leaves alone: ${r.checkpoint.readLeavesOnlySeconds.toFixed(2)} s)`)
  console.log(`${r.backend}: inclusion proof of ${r.proof.hashes} hashes (ceil(log2 n) = ${r.proof.log2}), ${r.proof.bytes} bytes of JSON, in ${r.proof.seconds.toFixed(2)} s`)
}
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(new URL('./results/proofs.json', import.meta.url), `${JSON.stringify({ machine: { platform: platform(), arch: arch(), cpus: cpus().length }, results }, null, 2)}\n`)
