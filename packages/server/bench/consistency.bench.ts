/**
 * Two SDK instances on one PostgreSQL database (as two service instances run): how stale the
 * default, token-less check is after a write on the other instance, and what each consistency
 * mode costs beside a warm cached check, in the same run. Figures go to stdout and to
 * bench/results/consistency.json; nothing gates CI. Needs BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import { onmionPolicy } from '@onmion/privacy-policy'
import { createPrivacy, type ConsistencyOptions, type Privacy } from '../src/index.js'
import { benchDatabaseUrl } from './config.js'
import { withPostgresDatabase } from './postgres.js'

const STALENESS_ROUNDS = 300
const CACHED_CHECKS = 200_000
const DATABASE_CHECKS = 1_000

if (benchDatabaseUrl === undefined) {
  console.log('consistency: skipped (two instances need PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
  process.exit(0)
}

type OnmionPrivacy = Privacy<typeof onmionPolicy>
const question = (subject: string) => ({ subject, purpose: 'analytics', category: 'usage_data' }) as const
/** Lets pending I/O run (a notification), which a loop of already-resolved awaits never does. */
const yieldToIo = () => new Promise((resolve) => setImmediate(resolve))

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * Write on A, then at once ask B without a token; when B's answer is stale, ask again (yielding
 * to I/O between tries) until it is right: the time from A's acknowledgment to B's first right
 * answer is the staleness window of that round.
 */
async function staleness(a: OnmionPrivacy, b: OnmionPrivacy) {
  const subject = 'u_staleness'
  await b.check(question(subject))
  const windows: number[] = []
  let stale = 0
  let staleWithdrawals = 0
  for (let round = 0; round < STALENESS_ROUNDS; round++) {
    const granting = round % 2 === 0
    await a.record({ subject, type: granting ? 'consent.granted' : 'consent.withdrawn', purpose: 'analytics', method: 'banner' })
    const acknowledged = process.hrtime.bigint()
    const expected = granting ? 'allowed_consent' : 'consent_withdrawn'
    if ((await b.check(question(subject))).reason === expected) continue
    stale++
    if (!granting) staleWithdrawals++
    while ((await b.check(question(subject))).reason !== expected) await yieldToIo()
    windows.push(Number(process.hrtime.bigint() - acknowledged) / 1e6)
  }
  windows.sort((x, y) => x - y)
  return {
    rounds: STALENESS_ROUNDS,
    stale,
    staleWithdrawals,
    windowMs: { p50: round2(percentile(windows, 50)), p99: round2(percentile(windows, 99)), max: round2(windows.at(-1) ?? 0) },
  }
}

async function checksPerSecond(b: OnmionPrivacy, n: number, subject: string, options?: ConsistencyOptions): Promise<number> {
  let sink = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) if ((await b.check(question(subject), options)).allowed) sink++
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (sink !== n) throw new Error(`expected every check to allow, got ${sink} of ${n}`)
  return Math.round(n / seconds)
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

const result = await withPostgresDatabase(benchDatabaseUrl, async (url) => {
  const a = await createPrivacy({ policy: onmionPolicy, database: url })
  const b = await createPrivacy({ policy: onmionPolicy, database: url })
  try {
    const window = await staleness(a, b)

    const subject = 'u_modes'
    const written = await a.record({ subject, type: 'consent.granted', purpose: 'analytics', method: 'banner' })
    // A token B's cache has not seen: one naming only another subject always reads the database.
    const elsewhere = (await a.record({ subject: 'u_elsewhere', type: 'restriction.set', method: 'api' })).consistencyToken
    await b.check(question(subject), { atLeast: written.consistencyToken }) // B's cache now holds the write
    await checksPerSecond(b, CACHED_CHECKS, subject, { atLeast: written.consistencyToken }) // warm-up: JIT, not measured
    const modes = {
      'default (cached, warm)': await checksPerSecond(b, CACHED_CHECKS, subject),
      "consistency: 'cached'": await checksPerSecond(b, CACHED_CHECKS, subject, { consistency: 'cached' }),
      'atLeast, seen by the cache': await checksPerSecond(b, CACHED_CHECKS, subject, { atLeast: written.consistencyToken }),
      'atLeast, not yet seen (database)': await checksPerSecond(b, DATABASE_CHECKS, subject, { atLeast: elsewhere }),
      "consistency: 'strong' (database)": await checksPerSecond(b, DATABASE_CHECKS, subject, { consistency: 'strong' }),
    }
    return { window, modes }
  } finally {
    await a.close()
    await b.close()
  }
})

const baseline = result.modes['default (cached, warm)']
const out = {
  benchmark: 'consistency',
  date: new Date().toISOString(),
  node: process.version,
  platform: `${platform()}-${arch()}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  staleness: result.window,
  checksPerSecond: result.modes,
  relativeToWarmCached: Object.fromEntries(Object.entries(result.modes).map(([mode, ops]) => [mode, Number((ops / baseline).toFixed(4))])),
}
const { stale, rounds, windowMs } = result.window
console.log(`without a token: ${stale} of ${rounds} checks on B right after a write on A were stale (${result.window.staleWithdrawals} of them after a withdrawal); window p50 ${windowMs.p50} ms, p99 ${windowMs.p99} ms, max ${windowMs.max} ms`)
console.table(Object.fromEntries(Object.entries(result.modes).map(([mode, ops]) => [mode, { 'checks/s': ops, 'µs/check': round2(1e6 / ops), 'vs warm cached': out.relativeToWarmCached[mode] }])))
await mkdir(new URL('results/', import.meta.url), { recursive: true })
await writeFile(new URL('results/consistency.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`)
