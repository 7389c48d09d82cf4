// Load benchmark of the consent service over loopback HTTP, in one run: for each backend
// (PGlite always; PostgreSQL when TEST_DATABASE_URL is set), the real
// service process answers autocannon for GET /healthz (the ceiling: HTTP, routing and logging
// only), POST /v1/decisions and POST /v1/consent-events. Figures are printed and written to
// bench/results/api.json. Nothing here gates CI.
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { resolve } from 'node:path'
import autocannon from 'autocannon'
import { backends, client, startService, type TestDatabase } from '../test/harness.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SUBJECTS = 200

interface Figure {
  backend: string
  scenario: string
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  requests: number
  non2xx: number
  errors: number
}

async function load(url: string, scenario: string, options: Partial<autocannon.Options>): Promise<Omit<Figure, 'backend'>> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options })
  return {
    scenario,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

const pick = () => `u_bench_${Math.floor(Math.random() * SUBJECTS)}`

async function benchBackend(name: string, db: TestDatabase): Promise<Figure[]> {
  // Logging at the default level, as deployed: every request writes its log line.
  const service = await startService({ ...db.env, RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' }, { keepStdout: false })
  try {
    const key = service.adminKey!
    const admin = client(service.url, key)
    // Every subject has a consent on record, so decisions read real projected state.
    for (let i = 0; i < SUBJECTS; i += 50) {
      const events = Array.from({ length: 50 }, (_, j) => ({ subject: `u_bench_${i + j}`, type: 'consent.granted', purpose: 'analytics', method: 'web_form' }))
      await admin('POST', '/v1/consent-events', { events })
    }
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
    const figures: Omit<Figure, 'backend'>[] = []
    figures.push(await load(`${service.url}/healthz`, 'GET /healthz (ceiling)', {}))
    figures.push(
      await load(`${service.url}/v1/decisions`, 'POST /v1/decisions (1 check)', {
        method: 'POST',
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ checks: [{ subject: pick(), purpose: 'analytics', category: 'usage_data' }] }) }) }],
      }),
    )
    figures.push(
      await load(`${service.url}/v1/consent-events`, 'POST /v1/consent-events (1 event)', {
        method: 'POST',
        headers,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              headers: { ...req.headers, 'idempotency-key': randomUUID() },
              body: JSON.stringify({ subject: pick(), type: 'cookies.choice', choices: { analytics: Math.random() < 0.5 }, method: 'cookie_banner', evidence: { source: 'bench' } }),
            }),
          },
        ],
      }),
    )
    // autocannon stops at its deadline with requests still in flight: let them land first.
    await new Promise((r) => setTimeout(r, 1000))
    const verify = await admin('GET', '/v1/ledger/verify')
    if (verify.json?.ok !== true) throw new Error(`ledger did not verify after the run: ${verify.text}`)
    return figures.map((f) => ({ backend: name, ...f }))
  } finally {
    await service.stop()
  }
}

const all: Figure[] = []
for (const backend of backends()) {
  const db = await backend.create()
  try {
    all.push(...(await benchBackend(backend.name, db)))
  } finally {
    await db.drop()
  }
}

const ceiling = new Map(all.filter((f) => f.scenario.startsWith('GET /healthz')).map((f) => [f.backend, f.requestsPerSecond]))
console.log(`\nconsent service over loopback: ${CONNECTIONS} connections, ${DURATION} s per scenario, ${cpus().length} CPU(s)\n`)
console.log(`${'backend'.padEnd(9)} ${'scenario'.padEnd(36)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'% of ceiling'.padStart(13)} ${'non-2xx'.padStart(8)}`)
for (const f of all) {
  const ratio = ((f.requestsPerSecond / (ceiling.get(f.backend) ?? f.requestsPerSecond)) * 100).toFixed(1)
  console.log(`${f.backend.padEnd(9)} ${f.scenario.padEnd(36)} ${String(f.requestsPerSecond).padStart(8)} ${String(f.p50Ms).padStart(7)} ${String(f.p99Ms).padStart(7)} ${`${ratio}%`.padStart(13)} ${String(f.non2xx + f.errors).padStart(8)}`)
}

const out = resolve(import.meta.dirname, 'results')
await mkdir(out, { recursive: true })
await writeFile(
  resolve(out, 'api.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, connections: CONNECTIONS, durationSeconds: DURATION, figures: all }, null, 2)}\n`,
)
console.log(`\nwritten to bench/results/api.json`)
