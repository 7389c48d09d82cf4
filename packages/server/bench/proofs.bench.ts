/**
 * The cost of the Merkle log and its proofs, beside their baselines in the same run, on PGlite and
 * (with BENCH_DATABASE_URL or TEST_DATABASE_URL) PostgreSQL:
 * - appends with the log (chain + leaf), one at a time and in batches of 100, against a raw INSERT
 *   of the same rows into a copy of the table (same indexes, no chain, no log). Each of
 *   BENCH_PROOF_RUNS runs interleaves both in slices of 20, so both see the same machine load;
 *   the median ratio and its spread (min-max) are printed. Aim: at least 0.5x in every run.
 * - checkpoints over N events (N = 100,000 on PGlite, 1,000,000 on PostgreSQL; the events and
 *   their leaves seeded set-based): the first one, which hashes every leaf into the stored
 *   subtrees; then one after 1,000 more appends, which hashes only those (the steady state of a
 *   service that checkpoints on a schedule); beside `select count(*)` of the log and a
 *   from-scratch root (every leaf read and hashed, what a checkpoint cost before the subtrees).
 * - an inclusion proof in that checkpoint: its size (at most ceil(log2 N) hashes) and time.
 * Figures go to stdout and bench/results/proofs.json; nothing gates CI.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql, type Kysely } from 'kysely'
import { createPrivacy, generateCheckpointKey, type RecordInput, type Tables } from '../src/index.js'
import type { PrivacyEventRow } from '../src/ledger/tables.js'
import { merkleRoot } from '../src/proof/tree.js'
import { benchDatabaseUrl, proofBench } from './config.js'
import { withPostgresDatabase } from './postgres.js'

const SLICE = 20
const SLICES = 10
const BATCH = 100
const AIM = 0.5

type Input = RecordInput<typeof onmionPolicy>
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

let counter = 0
function inputs(n: number): Input[] {
  return Array.from({ length: n }, () => {
    const i = counter++
    return { subject: `u_${i % 50}`, type: 'consent.granted', purpose: 'analytics', method: 'banner', evidence: { i, ua: 'bench' } }
  })
}

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

type Privacy = Awaited<ReturnType<typeof createPrivacy<typeof onmionPolicy>>>

/** One run: SLICES slices of SLICE events, ledger then raw; returns ledger and raw seconds. */
async function appendRun(privacy: Privacy, batched: boolean): Promise<{ ledger: number; raw: number }> {
  let ledger = 0
  let raw = 0
  for (let s = 0; s < SLICES; s++) {
    const slice = inputs(batched ? BATCH : SLICE)
    let start = process.hrtime.bigint()
    const written = []
    if (batched) written.push(...(await privacy.recordMany(slice)))
    else for (const e of slice) written.push(await privacy.record(e))
    ledger += seconds(start)
    const rows = await privacy.db.selectFrom('privacy_events').selectAll().where('id', 'in', written.map((e) => e.id)).execute()
    rows.sort((a, b) => Number(a.evidence?.i) - Number(b.evidence?.i))
    start = process.hrtime.bigint()
    if (batched) await insertRaw(privacy.db, rows)
    else for (const row of rows) await insertRaw(privacy.db, [row])
    raw += seconds(start)
  }
  return { ledger, raw }
}

function summary(runs: readonly { ledger: number; raw: number }[], events: number) {
  const ratios = runs.map((r) => r.raw / r.ledger)
  return {
    eventsPerRun: events,
    runs: runs.length,
    ledgerPerSecond: Math.round(median(runs.map((r) => events / r.ledger))),
    rawInsertPerSecond: Math.round(median(runs.map((r) => events / r.raw))),
    ratio: { median: Number(median(ratios).toFixed(3)), min: Number(Math.min(...ratios).toFixed(3)), max: Number(Math.max(...ratios).toFixed(3)) },
  }
}

async function run(backend: 'pglite' | 'postgres', database: string, events: number) {
  const privacy = await createPrivacy({ policy: onmionPolicy, database, checkpoints: { key: generateCheckpointKey('bench') } })
  try {
    const db = privacy.db
    await sql`create table bench_raw (like privacy_events including all)`.execute(db)
    // Warm both paths (plans, PGlite's WebAssembly, the JIT) before measuring.
    await appendRun(privacy, false)
    await appendRun(privacy, true)
    const single = []
    const batched = []
    for (let r = 0; r < proofBench.runs; r++) {
      single.push(await appendRun(privacy, false))
      batched.push(await appendRun(privacy, true))
    }

    // N events and their leaves, set-based (not through the API: that is the append figure above).
    const before = Number((await sql<{ size: string }>`select size from privacy_log_size`.execute(db)).rows[0]?.size ?? 0)
    let start = process.hrtime.bigint()
    await sql`insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at, prev_hash, content_hash, hash)
      select 'seed_' || g, 's_' || g, 1, 'consent.granted', '{"purpose":"analytics"}'::jsonb, 'banner', '{}'::jsonb, '1.0.0', now(), now(),
             repeat('0', 64), md5(g::text) || md5(g::text), md5('h' || g) || md5('h' || g)
      from generate_series(1, ${events}) g`.execute(db)
    await sql`insert into privacy_log (leaf_index, event_id, leaf_hash)
      select ${before} + g - 1, 'seed_' || g, encode(sha256('\\x00'::bytea || decode(md5('h' || g) || md5('h' || g), 'hex')), 'hex')
      from generate_series(1, ${events}) g`.execute(db)
    await sql`update privacy_log_size set size = size + ${events}`.execute(db)
    if (backend === 'postgres') await sql`vacuum analyze privacy_log`.execute(db)
    const seedSeconds = seconds(start)

    start = process.hrtime.bigint()
    const first = await privacy.ledger.checkpoint()
    const firstSeconds = seconds(start)
    for (let b = 0; b < 10; b++) await privacy.recordMany(inputs(BATCH))
    start = process.hrtime.bigint()
    const checkpoint = await privacy.ledger.checkpoint()
    const nextSeconds = seconds(start)

    start = process.hrtime.bigint()
    await sql`select count(*) from privacy_log`.execute(db)
    const countSeconds = seconds(start)
    start = process.hrtime.bigint()
    const all = await sql<{ leaf_hash: string }>`select leaf_hash from privacy_log order by leaf_index`.execute(db)
    const scratchRoot = merkleRoot(all.rows.map((r) => Buffer.from(r.leaf_hash, 'hex')), 0, all.rows.length).toString('hex')
    const scratchSeconds = seconds(start)
    if (scratchRoot !== checkpoint.rootHash) throw new Error('the incremental root differs from the root recomputed from every leaf')

    start = process.hrtime.bigint()
    const proof = await privacy.ledger.prove(`seed_${Math.floor(events / 2)}`, { checkpoint })
    const proveSeconds = seconds(start)
    return {
      backend,
      appends: { single: summary(single, SLICES * SLICE), batched: { batchSize: BATCH, ...summary(batched, SLICES * BATCH) }, aim: AIM },
      checkpoint: {
        seededEvents: events,
        seedSeconds,
        first: { treeSize: first.treeSize, seconds: firstSeconds },
        next: { treeSize: checkpoint.treeSize, newLeaves: checkpoint.treeSize - first.treeSize, seconds: nextSeconds },
        baselines: { countSeconds, fromScratchRootSeconds: scratchSeconds },
      },
      proof: { hashes: proof.path.length, log2: Math.ceil(Math.log2(checkpoint.treeSize)), seconds: proveSeconds, bytes: JSON.stringify(proof).length },
    }
  } finally {
    await privacy.close()
  }
}

const results = [await run('pglite', 'memory://', proofBench.pgliteEvents)]
if (benchDatabaseUrl !== undefined && benchDatabaseUrl !== '') {
  results.push(await withPostgresDatabase(benchDatabaseUrl, (url) => run('postgres', url, proofBench.postgresEvents)))
}
const f = (x: number): string => x.toFixed(2)
let missed = false
for (const r of results) {
  for (const [name, a] of [['single', r.appends.single], [`batch of ${BATCH}`, r.appends.batched]] as const) {
    missed ||= a.ratio.min < AIM
    console.log(
      `${r.backend}: appends with the log (${name}) ${a.ledgerPerSecond}/s vs raw INSERT ${a.rawInsertPerSecond}/s: ratio median ${f(a.ratio.median)}x, ` +
        `min ${f(a.ratio.min)}x, max ${f(a.ratio.max)}x over ${a.runs} runs (aim >= ${AIM}x in every run)`,
    )
  }
  const c = r.checkpoint
  console.log(
    `${r.backend}: checkpoint over ${c.next.treeSize} events, ${c.next.newLeaves} new since the last: ${f(c.next.seconds)} s ` +
      `(select count(*) of the log: ${f(c.baselines.countSeconds)} s; a root from scratch over every leaf: ${f(c.baselines.fromScratchRootSeconds)} s)`,
  )
  console.log(`${r.backend}: first checkpoint over ${c.first.treeSize} events (hashes every leaf into the stored subtrees): ${f(c.first.seconds)} s`)
  console.log(`${r.backend}: inclusion proof of ${r.proof.hashes} hashes (ceil(log2 n) = ${r.proof.log2}), ${r.proof.bytes} bytes of JSON, in ${f(r.proof.seconds)} s`)
}
console.log(missed ? `an append ratio fell below ${AIM}x in some run` : `every append run met the aim (>= ${AIM}x a raw INSERT)`)
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(
  new URL('./results/proofs.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'proofs', date: new Date().toISOString(), node: process.version, machine: { platform: platform(), arch: arch(), cpus: cpus().length }, results }, null, 2)}\n`,
)
