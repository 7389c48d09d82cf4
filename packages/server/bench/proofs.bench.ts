/**
 * The cost of checkpoints and proofs over the Merkle log, beside their baselines in the same run,
 * on PGlite and (with BENCH_DATABASE_URL or TEST_DATABASE_URL, a fresh database created and
 * dropped) PostgreSQL. (Appends with the log are measured by ledger.bench.ts.)
 * - checkpoints over N events (the events and their leaves seeded set-based): the first one, from
 *   scratch, which hashes every leaf into the stored subtrees, beside a raw SELECT of every leaf
 *   hash plus an RFC 9162 root of them with node:crypto (what any checkpoint would cost without
 *   the stored subtrees); then one after 1,000 more appends, which hashes only those (the steady
 *   state of a service that checkpoints on a schedule), beside `select count(*)` of the log.
 * - an inclusion proof in that checkpoint: its size (at most ceil(log2 N) hashes) and time.
 * N is BENCH_PGLITE_EVENTS (default 100,000) and BENCH_POSTGRES_EVENTS (default 100,000; the
 * figure of issue #14 is over 1M, seeding which takes a minute or more, so it is opt-in):
 *   BENCH_POSTGRES_EVENTS=1000000 TEST_DATABASE_URL=postgres://... pnpm --filter @onmion/privacy-server bench:proofs
 * Figures go to stdout and bench/results/proofs.json; nothing gates CI.
 */
import { onmionPolicy } from '@onmion/privacy-policy'
import { judge, printFigures, summarize, writeResults, type Judged } from '@onmion/bench'
import { sql } from 'kysely'
import { createPrivacy, generateCheckpointKey } from '../src/index.js'
import { merkleRoot } from '../src/proof/tree.js'
import { benchDatabaseUrl, proofBench } from './config.js'
import { consentInputs } from './consent-inputs.js'
import { withPostgresDatabase } from './postgres.js'

const BATCH = 100

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9


async function run(backend: 'pglite' | 'postgres', database: string, events: number) {
  const privacy = await createPrivacy({ policy: onmionPolicy, database, checkpoints: { key: generateCheckpointKey('bench') } })
  try {
    const db = privacy.db
    for (let b = 0; b < 10; b++) await privacy.recordMany(consentInputs(BATCH))

    // N events and their leaves, set-based (not through the API: appends are ledger.bench.ts's figure).
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
    if (backend === 'postgres') {
      await sql`vacuum analyze privacy_log`.execute(db)
      // Flush the seed's dirty pages now, so the server's own checkpoint does not write them
      // during the first measurement (it made the first checkpoint look twice as slow).
      await sql`checkpoint`.execute(db)
    }
    const seedSeconds = seconds(start)

    start = process.hrtime.bigint()
    const first = await privacy.ledger.checkpoint()
    const firstSeconds = seconds(start)
    start = process.hrtime.bigint()
    const all = await sql<{ leaf_hash: string }>`select leaf_hash from privacy_log where leaf_index < ${first.treeSize} order by leaf_index`.execute(db)
    const scratchRoot = merkleRoot(all.rows.map((r) => Buffer.from(r.leaf_hash, 'hex')), 0, all.rows.length).toString('hex')
    const scratchSeconds = seconds(start)
    if (scratchRoot !== first.rootHash) throw new Error('the checkpoint root differs from the root recomputed from every leaf')

    for (let b = 0; b < 10; b++) await privacy.recordMany(consentInputs(BATCH))
    start = process.hrtime.bigint()
    const checkpoint = await privacy.ledger.checkpoint()
    const nextSeconds = seconds(start)
    start = process.hrtime.bigint()
    await sql`select count(*) from privacy_log`.execute(db)
    const countSeconds = seconds(start)

    start = process.hrtime.bigint()
    const proof = await privacy.ledger.prove(`seed_${Math.floor(events / 2)}`, { checkpoint })
    const proveSeconds = seconds(start)
    const n = c(checkpoint.treeSize)
    const figures: Judged[] = [
      judge({
        name: `${backend}: first checkpoint over ${c(first.treeSize)} events (from scratch)`,
        unit: 's',
        value: summarize([firstSeconds]),
        baseline: { name: 'SELECT every leaf hash + root with node:crypto', value: summarize([scratchSeconds]) },
        aim: { value: { max: 10 }, text: 'seconds (issue #14: a checkpoint over 1M events takes seconds)' },
      }),
      judge({
        name: `${backend}: next checkpoint over ${n} events, ${c(checkpoint.treeSize - first.treeSize)} new`,
        unit: 's',
        value: summarize([nextSeconds]),
        baseline: { name: 'select count(*) of the log', value: summarize([countSeconds]) },
      }),
      judge({
        name: `${backend}: inclusion proof in ${n} events (${proof.path.length} hashes, ${JSON.stringify(proof).length} bytes)`,
        unit: 'hashes',
        value: summarize([proof.path.length]),
        aim: { value: { max: Math.ceil(Math.log2(checkpoint.treeSize)) }, text: `<= ceil(log2 n) = ${Math.ceil(Math.log2(checkpoint.treeSize))}` },
      }),
      judge({ name: `${backend}: inclusion proof time`, unit: 's', value: summarize([proveSeconds]) }),
    ]
    return { figures, seedSeconds }
  } finally {
    await privacy.close()
  }
}

const c = (x: number): string => x.toLocaleString('en-US')
const pglite = await run('pglite', 'memory://', proofBench.pgliteEvents)
const figures = [...pglite.figures]
const seeded: Record<string, number> = { pglite: pglite.seedSeconds }
if (benchDatabaseUrl === undefined) console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
else {
  const postgres = await withPostgresDatabase(benchDatabaseUrl, (url) => run('postgres', url, proofBench.postgresEvents))
  figures.push(...postgres.figures)
  seeded.postgres = postgres.seedSeconds
}
printFigures('checkpoints and proofs over the Merkle log', figures)
console.log(`seeding took ${Object.entries(seeded).map(([b, s]) => `${s.toFixed(1)} s on ${b}`).join(', ')} (not measured above)`)
await writeResults(new URL('./results/', import.meta.url), 'proofs', { figures, seedSeconds: seeded })
