/**
 * rights.export() for a subject with 10,000 ledger events (one in ten an SMS event whose phone
 * number is decrypted for the subject) against a raw `select * ... order by seq` of the same rows,
 * in the same run: what decryption, mapping and the manifest cost over reading the rows. On
 * PGlite, and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a fresh
 * database, dropped after). Rows are seeded with generate_series. Figures go to stdout and
 * bench/results/export.json; nothing gates CI.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { judge, printFigures, summarize } from '@onmion/bench'
import { arch, cpus, platform } from 'node:os'
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

async function run(backend: 'pglite' | 'postgres', database: string) {
  const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: { current: 'k1', keys: { k1: key() }, hmacKey: key() } })
  try {
    const sealed = privacy.context.vault.seal('phone', '+15551234567')
    await sql`insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at,
        identifier_kind, identifier_key_id, identifier_ciphertext, identifier_lookup, prev_hash, content_hash, hash)
      select 'ev_' || g, ${SUBJECT}, g,
             case when g % 10 = 0 then 'sms.opted_in' when g % 2 = 0 then 'consent.withdrawn' else 'consent.granted' end,
             case when g % 10 = 0 then '{}'::jsonb else '{"purpose":"analytics"}'::jsonb end,
             case when g % 10 = 0 then 'keyword' else 'banner' end,
             jsonb_build_object('page', '/settings', 'n', g), '1.0.0',
             now() - (${EVENTS} - g) * interval '1 minute', now() - (${EVENTS} - g) * interval '1 minute',
             case when g % 10 = 0 then 'phone' end, case when g % 10 = 0 then ${sealed.keyId} end,
             case when g % 10 = 0 then ${sealed.ciphertext} end, case when g % 10 = 0 then ${sealed.lookup} end,
             md5('p' || g) || md5('p' || g), md5('c' || g) || md5('c' || g), md5('h' || g) || md5('h' || g)
      from generate_series(1, ${EVENTS}) g`.execute(privacy.db)

    const bundle = await privacy.rights.export(SUBJECT)
    if (bundle.records.ledger?.length !== EVENTS) throw new Error('export lost events')
    if (!JSON.stringify(bundle.records.ledger[9]).includes('+15551234567')) throw new Error('phone not decrypted')

    const exportMs: number[] = []
    const rawMs: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      let start = process.hrtime.bigint()
      const b = await privacy.rights.export(SUBJECT)
      JSON.stringify(b)
      exportMs.push(Number(process.hrtime.bigint() - start) / 1e6)
      start = process.hrtime.bigint()
      const rows = await privacy.db.selectFrom('privacy_events').selectAll().where('subject', '=', SUBJECT).orderBy('seq').execute()
      JSON.stringify(rows)
      rawMs.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
    const figures = {
      backend,
      events: EVENTS,
      rounds: ROUNDS,
      exportMs: Math.round(median(exportMs) * 10) / 10,
      rawSelectMs: Math.round(median(rawMs) * 10) / 10,
      ratio: Math.round((median(exportMs) / median(rawMs)) * 100) / 100,
      bundleBytes: JSON.stringify(bundle).length,
    }
    console.log(`${backend}: export of ${EVENTS} events ${figures.exportMs} ms (median of ${ROUNDS}); raw select ${figures.rawSelectMs} ms (x${figures.ratio}); ${figures.bundleBytes} bytes`)
    const judged = judge({
      name: `export of ${EVENTS} events (${backend})`,
      unit: 'ms',
      value: summarize(exportMs),
      baseline: { name: 'raw select + JSON', value: summarize(rawMs) },
      aim: { ratio: { max: 1.5 }, text: '<= 1.5x a raw select' },
    })
    printFigures(`rights export on ${backend}: ${EVENTS} events, ${ROUNDS} rounds`, [judged])
    return { ...figures, judged }
  } finally {
    await privacy.close()
  }
}


const results = [await run('pglite', 'memory://')]
if (POSTGRES_URL !== undefined && POSTGRES_URL !== '') results.push(await withPostgresDatabase(POSTGRES_URL, (database) => run('postgres', database)))
else console.log('postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')

await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(
  new URL('./results/export.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'rights-export', date: new Date().toISOString(), node: process.version, platform: `${platform()}-${arch()}`, cpu: cpus()[0]?.model ?? 'unknown', results }, null, 2)}\n`,
)
