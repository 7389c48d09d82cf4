/**
 * rights.export() for a subject with 10,000 ledger events (one in ten an SMS event whose phone
 * number is decrypted) against a raw select of the same rows, in the same run. Rows are seeded
 * with generate_series, every column filled as an append fills it. On PGlite, and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL
 * is set (a fresh database, dropped after). Figures go to stdout and bench/results/export.json
 * (with the load average before and after: the machine may be shared); nothing gates CI.
 *
 * What each side includes, timed from the call to bytes ready to send:
 * - export: `rights.export(subject)` (the subject's events read, identifiers decrypted, events
 *   mapped to plain JSON, every registered source asked, the manifest built) and
 *   `JSON.stringify` of the bundle;
 * - baseline, "raw select + JSON" (the judged one): `select * from privacy_events where subject
 *   = $1 order by seq` through the same Kysely instance (the driver's row, jsonb and timestamp
 *   parsing included) and `JSON.stringify` of the rows: both sides end with the bytes of the
 *   same 10,000 events;
 * - "raw select" alone, printed beside it (not judged), so that the ratio to a select that
 *   serializes nothing stays visible too.
 * Each round runs the three in a rotated order, after one warm-up of each, so that neither side
 * always pays for the garbage the other left behind.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, loadavg, platform } from 'node:os'
import { interleave, judge, printFigures, type Spread } from '@onmion/bench'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { createPrivacy } from '../src/index.js'
import { benchDatabaseUrl } from './config.js'
import { withPostgresDatabase } from './postgres.js'

const POSTGRES_URL = benchDatabaseUrl
const EVENTS = 10_000
const ROUNDS = 15
const SUBJECT = 'u_export'

const key = (): string => randomBytes(32).toString('base64')

const round1 = (x: number): number => Math.round(x * 10) / 10
const round2 = (x: number): number => Math.round(x * 100) / 100

async function run(backend: 'pglite' | 'postgres', database: string) {
  const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: { current: 'k1', keys: { k1: key() }, hmacKey: key() } })
  try {
    const sealed = privacy.context.vault.seal('phone', '+15551234567')
    await sql`insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at,
        identifier_kind, identifier_key_id, identifier_ciphertext, identifier_lookup, personal_hash, prev_hash, content_hash, hash)
      select 'ev_' || g, ${SUBJECT}, g,
             case when g % 10 = 0 then 'sms.opted_in' when g % 2 = 0 then 'consent.withdrawn' else 'consent.granted' end,
             case when g % 10 = 0 then '{}'::jsonb else '{"purpose":"analytics"}'::jsonb end,
             case when g % 10 = 0 then 'keyword' else 'banner' end,
             jsonb_build_object('page', '/settings', 'n', g), '1.0.0',
             now() - (${EVENTS} - g) * interval '1 minute', now() - (${EVENTS} - g) * interval '1 minute',
             case when g % 10 = 0 then 'phone' end, case when g % 10 = 0 then ${sealed.keyId} end,
             case when g % 10 = 0 then ${sealed.ciphertext} end, case when g % 10 = 0 then ${sealed.lookup} end,
             md5('q' || g) || md5('q' || g), md5('p' || g) || md5('p' || g), md5('c' || g) || md5('c' || g), md5('h' || g) || md5('h' || g)
      from generate_series(1, ${EVENTS}) g`.execute(privacy.db)

    const bundle = await privacy.rights.export(SUBJECT)
    if (bundle.records.ledger?.length !== EVENTS) throw new Error('export lost events')
    if (!JSON.stringify(bundle.records.ledger[9]).includes('+15551234567')) throw new Error('phone not decrypted')

    const exportOnce = async (): Promise<number> => JSON.stringify(await privacy.rights.export(SUBJECT)).length
    const rawSelect = () => privacy.db.selectFrom('privacy_events').selectAll().where('subject', '=', SUBJECT).orderBy('seq').execute()
    const rawWithJson = async (): Promise<number> => JSON.stringify(await rawSelect()).length
    const rawOnly = async (): Promise<number> => (await rawSelect()).length
    const timed = (side: () => Promise<number>) => async (): Promise<number> => {
      const start = process.hrtime.bigint()
      await side()
      return Number(process.hrtime.bigint() - start) / 1e6
    }
    const [exportMs, rawMs, rawOnlyMs] = (await interleave(ROUNDS, [exportOnce, rawWithJson, rawOnly].map(timed), { rotate: true })) as [Spread, Spread, Spread]
    const rawRows = await rawSelect()
    const figures = {
      backend,
      events: EVENTS,
      rounds: ROUNDS,
      exportMs: round1(exportMs.median),
      rawSelectMs: round1(rawMs.median),
      ratio: round2(exportMs.median / rawMs.median),
      rawSelectOnlyMs: round1(rawOnlyMs.median),
      ratioToSelectOnly: round2(exportMs.median / rawOnlyMs.median),
      bundleBytes: JSON.stringify(bundle).length,
      rawRowsBytes: JSON.stringify(rawRows).length,
    }
    console.log(
      `${backend}: export + JSON of ${EVENTS} events ${figures.exportMs} ms (median of ${ROUNDS}, ${figures.bundleBytes} bytes); ` +
        `raw select + JSON ${figures.rawSelectMs} ms (x${figures.ratio}, ${figures.rawRowsBytes} bytes); raw select alone ${figures.rawSelectOnlyMs} ms (x${figures.ratioToSelectOnly})`,
    )
    const judged = [
      judge({
        name: `export + JSON of ${EVENTS} events (${backend})`,
        unit: 'ms',
        value: exportMs,
        baseline: { name: 'raw select + JSON', value: rawMs },
        aim: { ratio: { max: 1.5 }, text: '<= 1.5x a raw select' },
      }),
      judge({ name: `export + JSON of ${EVENTS} events (${backend})`, unit: 'ms', value: exportMs, baseline: { name: 'raw select alone', value: rawOnlyMs } }),
    ]
    printFigures(`rights export on ${backend}: ${EVENTS} events, ${ROUNDS} rounds`, judged)
    return { ...figures, judged }
  } finally {
    await privacy.close()
  }
}


const loadBefore = loadavg()
const results = [await run('pglite', 'memory://')]
if (POSTGRES_URL !== undefined && POSTGRES_URL !== '') results.push(await withPostgresDatabase(POSTGRES_URL, (database) => run('postgres', database)))
else console.log('postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
console.log(`\nload average (1, 5, 15 min): ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${loadavg().map((x) => x.toFixed(2)).join(' ')} after`)

await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(
  new URL('./results/export.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'rights-export', date: new Date().toISOString(), node: process.version, platform: `${platform()}-${arch()}`, cpu: cpus()[0]?.model ?? 'unknown', loadAverage: { before: loadBefore, after: loadavg() }, results }, null, 2)}\n`,
)
