// Load benchmark of the consent service over loopback HTTP, beside its baselines started by the
// same run, each in its own process: a plain Hono app on @hono/node-server and a bare node:http
// server (bench/baseline-server.ts). autocannon, 10 connections, each scenario measured
// BENCH_RUNS times (default 5, BENCH_SECONDS each, default 2) alternating with its baseline; the
// medians are judged against the aims of issue 15:
//   GET /healthz                    >= 0.7x plain Hono
//   POST /v1/decisions (1 check)    >= 0.5x plain Hono (the same body parsed, answered from a Map), p99 < 5 ms
//   batch decisions                 linear: checks/s at 100 checks per request >= 0.8x at 10
//   POST /v1/consent-events         >= 0.5x a raw INSERT over the same HTTP stack, on PostgreSQL
//                                   (PGlite measured too, for information)
// PostgreSQL runs when BENCH_DATABASE_URL or TEST_DATABASE_URL is set. Results: bench/results/api.json.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { benchDatabaseUrl, benchRuns, judge, printFigures, summarize, writeResults, type Judged, type Spread } from '@onmion/bench'
import autocannon from 'autocannon'
import { backends, client, type TestDatabase } from '../test/harness.js'
import { APP_DIR, TSX, UNLIMITED, startLoggingService, stopChild as stop } from './service-process.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 2)
const CONNECTIONS = 10
const SUBJECTS = 200

interface Load {
  readonly rate: number
  readonly p99: number
  readonly failed: number
}

async function load(url: string, options: Partial<autocannon.Options> = {}): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options })
  return { rate: result.requests.average, p99: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts }
}

/** Measures each target `benchRuns` times, alternating, after one warm-up run of each. */
async function compare(targets: readonly (() => Promise<Load>)[]): Promise<{ rate: Spread; p99: Spread; failed: number }[]> {
  const runs = targets.map(() => ({ rates: [] as number[], p99s: [] as number[], failed: 0 }))
  for (const target of targets) await target()
  for (let r = 0; r < benchRuns; r++) {
    for (const [i, target] of targets.entries()) {
      const result = await target()
      const into = runs[i]!
      into.rates.push(result.rate)
      into.p99s.push(result.p99)
      into.failed += result.failed
    }
  }
  return runs.map((r) => ({ rate: summarize(r.rates), p99: summarize(r.p99s), failed: r.failed }))
}

async function startBaseline(mode: 'hono' | 'http', env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', TSX, resolve(import.meta.dirname, 'baseline-server.ts'), mode], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((done, fail) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1] !== undefined) done(match[1])
    })
    child.once('exit', (code) => fail(new Error(`baseline ${mode} exited (${code})`)))
  })
  return { url, child }
}

const pick = (): string => `u_bench_${Math.floor(Math.random() * SUBJECTS)}`
const checksBody = (n: number): string => JSON.stringify({ checks: Array.from({ length: n }, (_, i) => ({ subject: `u_bench_${i % SUBJECTS}`, purpose: 'analytics', category: 'usage_data' })) })
const eventBody = (): string => JSON.stringify({ subject: pick(), type: 'cookies.choice', choices: { analytics: Math.random() < 0.5 }, method: 'cookie_banner', evidence: { source: 'bench' } })

async function benchBackend(name: 'pglite' | 'postgres', db: TestDatabase, edge: boolean): Promise<Judged[]> {
  // Logging at the default level (info), as deployed: every request writes its line.
  const service = await startLoggingService({ ...db.env, ...UNLIMITED })
  const rawDir = name === 'pglite' ? await mkdtemp(join(tmpdir(), 'onmion-bench-raw-')) : undefined
  const hono = await startBaseline('hono', name === 'postgres' ? { DATABASE_URL: db.env.DATABASE_URL ?? '' } : { PGLITE_DIR: rawDir ?? '' })
  const bare = edge ? await startBaseline('http') : undefined
  const figures: Judged[] = []
  try {
    const key = service.adminKey ?? ''
    const admin = client(service.url, key)
    // Every subject has a consent on record, so decisions read real projected state.
    for (let i = 0; i < SUBJECTS; i += 50) {
      const events = Array.from({ length: 50 }, (_, j) => ({ subject: `u_bench_${i + j}`, type: 'consent.granted', purpose: 'analytics', method: 'web_form' }))
      await admin('POST', '/v1/consent-events', { events })
    }
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
    const post = (url: string, body: string): Partial<autocannon.Options> => ({ url, method: 'POST', headers, body })

    if (edge) {
      const [svc, plain, node] = await compare([() => load(`${service.url}/healthz`), () => load(`${hono.url}/healthz`), () => load(`${bare!.url}/healthz`)])
      figures.push(judge({ name: 'GET /healthz', unit: 'req/s', value: svc!.rate, baseline: { name: 'plain Hono', value: plain!.rate }, aim: { ratio: { min: 0.7 }, text: '>= 0.7x plain Hono' } }))
      figures.push(judge({ name: 'GET /healthz (bare node:http)', unit: 'req/s', value: svc!.rate, baseline: { name: 'node:http', value: node!.rate } }))
      figures.push(judge({ name: 'GET /healthz p99', unit: 'ms', value: svc!.p99, baseline: { name: 'plain Hono', value: plain!.p99 } }))

      const one = checksBody(1)
      const [decide, plainDecide] = await compare([() => load(`${service.url}/v1/decisions`, post(`${service.url}/v1/decisions`, one)), () => load(`${hono.url}/v1/decisions`, post(`${hono.url}/v1/decisions`, one))])
      figures.push(judge({ name: 'POST /v1/decisions (1 check, warm)', unit: 'req/s', value: decide!.rate, baseline: { name: 'plain Hono', value: plainDecide!.rate }, aim: { ratio: { min: 0.5 }, text: '>= 0.5x plain Hono' } }))
      figures.push(judge({ name: 'POST /v1/decisions p99', unit: 'ms', value: decide!.p99, baseline: { name: 'plain Hono', value: plainDecide!.p99 }, aim: { value: { max: 4 }, text: '< 5 ms at 10 connections (whole ms: <= 4)' } }))

      const batches = await compare([1, 10, 100].map((n) => () => load(`${service.url}/v1/decisions`, post(`${service.url}/v1/decisions`, checksBody(n)))))
      const checks = (i: number, n: number): Spread => summarize(batches[i]!.rate.runs.map((rate) => rate * n))
      figures.push(judge({ name: 'decisions, 10 checks per request', unit: 'checks/s', value: checks(1, 10), baseline: { name: '1 check per request', value: checks(0, 1) } }))
      figures.push(judge({ name: 'decisions, 100 checks per request', unit: 'checks/s', value: checks(2, 100), baseline: { name: '10 checks per request', value: checks(1, 10) }, aim: { ratio: { min: 0.8 }, text: 'linear: >= 0.8x the per-check rate at 10' } }))
      if ([...batches, decide!, svc!].some((r) => r.failed > 0)) throw new Error('some requests failed: the figures above do not count')
    }

    const withKey = (url: string): Partial<autocannon.Options> => ({
      url,
      method: 'POST',
      headers,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() }, body: eventBody() }) }],
    })
    const [events, raw] = await compare([() => load(`${service.url}/v1/consent-events`, withKey(`${service.url}/v1/consent-events`)), () => load(`${hono.url}/raw-insert`, withKey(`${hono.url}/raw-insert`))])
    figures.push(
      judge({
        name: 'POST /v1/consent-events (1 event)',
        unit: 'req/s',
        value: events!.rate,
        baseline: { name: 'raw INSERT over plain Hono', value: raw!.rate },
        ...(name === 'postgres' ? { aim: { ratio: { min: 0.5 }, text: '>= 0.5x raw INSERT over HTTP (PostgreSQL)' } } : {}),
      }),
    )
    figures.push(judge({ name: 'POST /v1/consent-events p99', unit: 'ms', value: events!.p99, baseline: { name: 'raw INSERT over plain Hono', value: raw!.p99 } }))
    if (events!.failed > 0 || raw!.failed > 0) throw new Error(`consent events: ${events!.failed} failed, raw inserts: ${raw!.failed} failed`)
    // autocannon stops at its deadline with requests still in flight: let them land first.
    await new Promise((r) => setTimeout(r, 1000))
    const verify = await admin('GET', '/v1/ledger/verify')
    if (verify.json?.ok !== true) throw new Error(`ledger did not verify after the run: ${verify.text}`)
    // Logging was on: a line per request reached the log file.
    const lines = (await readFile(service.logFile, 'utf8')).split('"msg":"request"').length - 1
    console.log(`${name}: ${lines} request lines logged at level info`)
    return figures
  } finally {
    await Promise.all([service.stop(), stop(hono.child), bare === undefined ? undefined : stop(bare.child)])
    if (rawDir !== undefined) await rm(rawDir, { recursive: true, force: true })
  }
}

const results: { backend: string; figures: Judged[] }[] = []
for (const [i, backend] of backends(benchDatabaseUrl).entries()) {
  const db = await backend.create()
  try {
    // The edge (healthz, decisions from the warm cache) does not depend on the backend: measured once.
    const figures = await benchBackend(backend.name, db, i === 0)
    printFigures(`consent service on ${backend.name}: loopback, ${CONNECTIONS} connections, ${benchRuns} runs of ${DURATION} s, ${cpus().length} CPU(s)`, figures)
    results.push({ backend: backend.name, figures })
  } finally {
    await db.drop()
  }
}
if (benchDatabaseUrl === undefined) console.log('\npostgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')

await writeResults(new URL('./results/', import.meta.url), 'api', { connections: CONNECTIONS, durationSeconds: DURATION, runs: benchRuns, results })
console.log('\nwritten to bench/results/api.json')
