// The baselines the service is measured against, each in its own process like the service:
//   hono   a plain Hono app on @hono/node-server: GET /healthz, POST /v1/decisions (the JSON body
//          parsed, each check answered from a Map), POST /raw-insert (the JSON body parsed, one
//          raw parameterized INSERT of the event into a table with the ledger's columns)
//   http   a bare node:http server answering GET /healthz
// The database of /raw-insert: DATABASE_URL (PostgreSQL) or PGLITE_DIR. Prints "listening on <url>".
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import pg from 'pg'

const mode = process.argv[2] === 'http' ? 'http' : 'hono'

type Query = (text: string, params: unknown[]) => Promise<unknown>

async function openDatabase(): Promise<Query | undefined> {
  const url = process.env.DATABASE_URL
  const dir = process.env.PGLITE_DIR
  let query: Query | undefined
  if (url !== undefined && url !== '') {
    const pool = new pg.Pool({ connectionString: url, max: 10 })
    query = (text, params) => pool.query(text, params)
  } else if (dir !== undefined && dir !== '') {
    const db = await PGlite.create(dir)
    query = (text, params) => db.query(text, params)
  }
  await query?.(
    `create table if not exists bench_raw_events (id text primary key, subject text not null, seq int not null, type text not null, payload jsonb,
       method text not null, evidence jsonb, occurred_at timestamptz not null, recorded_at timestamptz not null default now(), hash text not null)`,
    [],
  )
  return query
}

function honoServer(query: Query | undefined): Server {
  const app = new Hono()
  const states = new Map<string, { analytics: boolean }>()
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.post('/v1/decisions', async (c) => {
    const body = await c.req.json<{ checks: { subject: string; purpose: string; category: string }[] }>()
    const decisions = body.checks.map((check) => {
      const allowed = states.get(check.subject)?.analytics ?? true
      return { subject: check.subject, purpose: check.purpose, category: check.category, allowed, reason: 'consent', basis: null }
    })
    return c.json({ decisions })
  })
  let seq = 0
  app.post('/raw-insert', async (c) => {
    const body = await c.req.json<{ subject: string; type: string; method: string; choices?: unknown; evidence?: unknown }>()
    const id = randomUUID()
    await query?.('insert into bench_raw_events (id, subject, seq, type, payload, method, evidence, occurred_at, hash) values ($1, $2, $3, $4, $5, $6, $7, now(), $8)', [
      id,
      body.subject,
      ++seq,
      body.type,
      JSON.stringify({ choices: body.choices ?? null }),
      body.method,
      JSON.stringify(body.evidence ?? {}),
      id,
    ])
    return c.json({ event: { id } }, 201)
  })
  return createAdaptorServer({ fetch: app.fetch }) as Server
}

function bareServer(): Server {
  const body = JSON.stringify({ status: 'ok' })
  return createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
}

const server = mode === 'http' ? bareServer() : honoServer(await openDatabase())
server.keepAliveTimeout = 5_000
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  console.log(`listening on http://127.0.0.1:${port}`)
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))
