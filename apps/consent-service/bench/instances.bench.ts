// 1, 2 and 4 consent-service processes on one PostgreSQL database, under churn (issue 15, item 5).
// For each N, in BENCH_RUNS runs of BENCH_SECONDS (defaults 5 and 3), all at once:
//   decisions  autocannon, 10 connections in all, spread over the N instances; each request one
//              check of a random subject among SUBJECTS, all with consent on record
//   churn      consent.granted / consent.withdrawn for random subjects of the same set, at
//              WRITE_RATE writes/s in all (BENCH_WRITE_RATE, default 50), spread over the instances:
//              each write invalidates the subject's cached state on every instance (LISTEN/NOTIFY)
//   probe      one writer flipping a probe subject's consent through instance i and asking instance
//              i+1 at once, without a consistency token: a stale answer is counted, then asked
//              again until right; the time from the write's acknowledgment to the first right
//              answer is that round's staleness window
//   listener   a LISTEN session of the benchmark's own on the invalidation channel, as each
//              instance holds one: NOTIFY delivers every notification to every listening session,
//              so what it receives is what each instance receives
// Printed per N: decisions/s (all instances) and p99 (the worst instance's), writes/s,
// invalidations sent/s (acknowledged writes, one NOTIFY each) and received/s (per instance, and in
// all: x N), stale probe answers and their window. Ratios are to the one-instance run.
// Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL). Results: bench/results/instances.json.
import { cpus, loadavg } from 'node:os'
import { benchDatabaseUrl, benchRuns, judge, printFigures, summarize, writeResults, type Judged, type Spread } from '@onmion/bench'
import autocannon from 'autocannon'
import pg from 'pg'
import { backends, client } from '../test/harness.js'
import { UNLIMITED, startLoggingService, type LoggingService } from './service-process.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 3)
const WRITE_RATE = Number(process.env.BENCH_WRITE_RATE ?? 50)
const CONNECTIONS = 10
const SUBJECTS = 1000
const COUNTS = [1, 2, 4] as const
const CHANNEL = 'onmion_privacy_subjects'

if (benchDatabaseUrl === undefined) {
  console.log('instances: skipped (several instances share PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
  process.exit(0)
}

interface Run {
  readonly decisions: number
  readonly decisionP99: number
  readonly writes: number
  readonly sent: number
  readonly received: number
  readonly probes: number
  readonly stale: number
  readonly windows: readonly number[]
  readonly failed: number
}

const subject = (): string => `u_churn_${Math.floor(Math.random() * SUBJECTS)}`
const check = (s: string): string => JSON.stringify({ checks: [{ subject: s, purpose: 'analytics', category: 'usage_data' }] })
const consent = (s: string, granted: boolean): string => JSON.stringify({ subject: s, type: granted ? 'consent.granted' : 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })

/** Flips the probe subject's consent on one instance and asks the next, until `until`. */
async function probe(urls: readonly string[], headers: Record<string, string>, until: number): Promise<{ probes: number; stale: number; windows: number[] }> {
  const probeSubject = `u_probe_${urls.length}`
  const windows: number[] = []
  let probes = 0
  let stale = 0
  const reasonOn = async (url: string): Promise<string> => {
    const answer = await fetch(`${url}/v1/decisions`, { method: 'POST', headers, body: check(probeSubject) })
    return ((await answer.json()) as { decisions: { reason: string }[] }).decisions[0]!.reason
  }
  for (let round = 0; Date.now() < until; round++) {
    const writer = urls[round % urls.length]!
    const reader = urls[(round + 1) % urls.length]!
    // The reader's cache holds the subject before the write (a warm entry that must be invalidated).
    await reasonOn(reader)
    const granted = round % 2 === 0
    const written = await fetch(`${writer}/v1/consent-events`, { method: 'POST', headers, body: consent(probeSubject, granted) })
    if (written.status !== 201) throw new Error(`probe write answered ${written.status}: ${await written.text()}`)
    const acknowledged = performance.now()
    const expected = granted ? 'allowed_consent' : 'consent_withdrawn'
    probes++
    if ((await reasonOn(reader)) === expected) continue
    stale++
    while ((await reasonOn(reader)) !== expected) await new Promise((r) => setTimeout(r, 1))
    windows.push(performance.now() - acknowledged)
  }
  return { probes, stale, windows }
}

async function measure(urls: readonly string[], key: string, listener: { count: number }): Promise<Run> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
  const per = Math.max(1, Math.round(CONNECTIONS / urls.length))
  const until = Date.now() + DURATION * 1000
  const heardBefore = listener.count
  const started = performance.now()
  const [decisions, writes, probed] = await Promise.all([
    Promise.all(
      urls.map((url) =>
        autocannon({ url: `${url}/v1/decisions`, connections: per, duration: DURATION, method: 'POST', headers, requests: [{ setupRequest: (req) => ({ ...req, body: check(subject()) }) }] }),
      ),
    ),
    Promise.all(
      urls.map((url) =>
        autocannon({
          url: `${url}/v1/consent-events`,
          connections: 2,
          duration: DURATION,
          overallRate: WRITE_RATE / urls.length,
          method: 'POST',
          headers,
          requests: [{ setupRequest: (req) => ({ ...req, body: consent(subject(), Math.random() < 0.5) }) }],
        }),
      ),
    ),
    probe(urls, headers, until),
  ])
  // Notifications of the last writes are delivered after their commits: let them arrive.
  await new Promise((r) => setTimeout(r, 500))
  const seconds = (performance.now() - started) / 1000
  const written = writes.reduce((sum, w) => sum + w['2xx'], 0) + probed.probes
  return {
    decisions: decisions.reduce((sum, d) => sum + d.requests.average, 0),
    decisionP99: Math.max(...decisions.map((d) => d.latency.p99)),
    writes: writes.reduce((sum, w) => sum + w.requests.average, 0),
    sent: written / seconds,
    received: (listener.count - heardBefore) / seconds,
    probes: probed.probes,
    stale: probed.stale,
    windows: probed.windows,
    failed: [...decisions, ...writes].reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  }
}

const percentile = (sorted: readonly number[], p: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!)
const round2 = (x: number): number => Math.round(x * 100) / 100

const postgres = backends(benchDatabaseUrl).find((b) => b.name === 'postgres')!
const db = await postgres.create()
const listen = new pg.Client({ connectionString: db.env.DATABASE_URL })
const heard = { count: 0 }
const instances: LoggingService[] = []
const load = loadavg()
const results: { instances: number; figures: Judged[]; stale: { probes: number; stale: number; windowMs: { p50: number; p99: number; max: number } } }[] = []
try {
  const env = { ...db.env, ...UNLIMITED }
  instances.push(await startLoggingService(env))
  const key = instances[0]!.adminKey ?? ''
  const admin = client(instances[0]!.url, key)
  for (let i = 0; i < SUBJECTS; i += 100) {
    const events = Array.from({ length: 100 }, (_, j) => ({ subject: `u_churn_${i + j}`, type: 'consent.granted', purpose: 'analytics', method: 'web_form' }))
    await admin('POST', '/v1/consent-events', { events })
  }
  await listen.connect()
  listen.on('notification', () => heard.count++)
  await listen.query(`LISTEN ${CHANNEL}`)

  let one: Record<'decisions' | 'decisionP99' | 'writes' | 'sent' | 'receivedEach' | 'receivedAll', Spread> | undefined
  for (const n of COUNTS) {
    while (instances.length < n) instances.push(await startLoggingService(env, { firstStart: false }))
    const urls = instances.map((i) => i.url)
    await measure(urls, key, heard) // warm-up: every instance's JIT and cache
    const runs: Run[] = []
    for (let r = 0; r < benchRuns; r++) runs.push(await measure(urls, key, heard))
    const failed = runs.reduce((sum, r) => sum + r.failed, 0)
    if (failed > 0) throw new Error(`${n} instance(s): ${failed} requests failed; the figures do not count`)
    const spread = (pick: (r: Run) => number): Spread => summarize(runs.map(pick))
    const figures = {
      decisions: spread((r) => r.decisions),
      decisionP99: spread((r) => r.decisionP99),
      writes: spread((r) => r.writes),
      sent: spread((r) => r.sent),
      receivedEach: spread((r) => r.received),
      receivedAll: spread((r) => r.received * n),
    }
    const single = (one ??= figures)
    const vs = (name: keyof typeof figures) => (n === 1 ? {} : { baseline: { name: '1 instance', value: single[name] } })
    const windows = runs.flatMap((r) => r.windows).sort((a, b) => a - b)
    const stale = { probes: runs.reduce((s, r) => s + r.probes, 0), stale: runs.reduce((s, r) => s + r.stale, 0), windowMs: { p50: round2(percentile(windows, 50)), p99: round2(percentile(windows, 99)), max: round2(windows.at(-1) ?? 0) } }
    const judged = [
      judge({ name: 'decisions (1 check), all instances', unit: 'req/s', value: figures.decisions, ...vs('decisions') }),
      judge({ name: 'decisions p99 (worst instance)', unit: 'ms', value: figures.decisionP99, ...vs('decisionP99') }),
      judge({ name: 'consent writes (churn)', unit: 'req/s', value: figures.writes, ...vs('writes') }),
      judge({ name: 'invalidations sent (NOTIFY)', unit: '/s', value: figures.sent, ...vs('sent') }),
      judge({ name: 'invalidations received, per instance', unit: '/s', value: figures.receivedEach, ...vs('receivedEach') }),
      judge({ name: 'invalidations received, all instances', unit: '/s', value: figures.receivedAll, ...vs('receivedAll') }),
    ]
    printFigures(`${n} instance(s) on one PostgreSQL: ${CONNECTIONS} decision connections in all, ${WRITE_RATE} writes/s of churn, ${benchRuns} runs of ${DURATION} s, ${cpus().length} CPU(s)`, judged)
    console.log(
      `stale answers (token-less check on another instance right after a write): ${stale.stale} of ${stale.probes}; window p50 ${stale.windowMs.p50} ms, p99 ${stale.windowMs.p99} ms, max ${stale.windowMs.max} ms`,
    )
    results.push({ instances: n, figures: judged, stale })
  }
} finally {
  await listen.end().catch(() => undefined)
  await Promise.all(instances.map((i) => i.stop()))
  await db.drop()
}

await writeResults(new URL('./results/', import.meta.url), 'instances', {
  loadAverageAtStart: load.map(round2),
  connections: CONNECTIONS,
  writeRate: WRITE_RATE,
  durationSeconds: DURATION,
  runs: benchRuns,
  subjects: SUBJECTS,
  results,
})
console.log('\nwritten to bench/results/instances.json')
