/**
 * The figures docs/scale.md computes from, measured here:
 * - bytes per ledger event on PostgreSQL (heap, each index, the Merkle log and the subject heads),
 *   from SCALE_EVENTS events recorded through the API (recordMany, realistic payloads) over
 *   SCALE_EVENTS / 4 subjects; needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a fresh database);
 * - heap bytes per cached subject state in the decision cache (StateCache with projected states,
 *   and their compiled decision snapshots), filled to SCALE_CACHED entries (default 1,000,000:
 *   the cache at 1M subjects measured, not extrapolated), with the cache's bound checked.
 * Run with `node --expose-gc`. Results: stdout and bench/results/scale.json.
 */
import { benchDatabaseUrl, writeResults } from '@onmion/bench'
import { onmionPolicy } from '@onmion/privacy-policy'
import { compileSubjectState } from '@onmion/privacy-schema'
import { sql } from 'kysely'
import { createPrivacy } from '../src/index.js'
import { projectState } from '../src/ledger/projection.js'
import { StateCache } from '../src/ledger/state-cache.js'
import { withPostgresDatabase } from './postgres.js'

const EVENTS = Number(process.env.SCALE_EVENTS ?? 40_000)
const CACHED = Number(process.env.SCALE_CACHED ?? 1_000_000)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)

// Decision-cache memory: what one cached subject costs, at a bounded capacity.
gc()
const before = process.memoryUsage().heapUsed
const cache = new StateCache(CACHED)
const compiled = new WeakMap<object, unknown>()
const now = new Date('2026-01-01T00:00:00Z')
for (let i = 0; i < CACHED; i++) {
  const subject = `u_${i.toString(36).padStart(8, '0')}`
  const state = projectState(onmionPolicy, [
    { id: `e${i}`, subject, seq: 1, type: 'consent.granted', purpose: 'analytics', method: 'banner', occurredAt: now, recordedAt: now, redactedAt: null } as never,
    { id: `f${i}`, subject, seq: 2, type: 'cookies.choice', choices: { analytics: true, preferences: false }, method: 'cookie_banner', occurredAt: now, recordedAt: now, redactedAt: null } as never,
  ])
  compiled.set(state, compileSubjectState(onmionPolicy, state))
  await cache.get(subject, () => Promise.resolve({ state, seq: 2 }))
}
gc()
const perSubject = (process.memoryUsage().heapUsed - before) / cache.size
if (cache.size !== CACHED) throw new Error(`the cache holds ${cache.size}, expected ${CACHED}`)
const overfill = new StateCache(1000)
for (let i = 0; i < 5000; i++) await overfill.get(`s${i}`, () => Promise.resolve({ state: projectState(onmionPolicy, []), seq: 0 }))
const cacheFigures = { cachedSubjects: CACHED, heapBytesPerSubject: Math.round(perSubject), heapMiB: Math.round((perSubject * CACHED) / 2 ** 20), heapMiBAt1M: Math.round((perSubject * 1e6) / 2 ** 20), boundHolds: overfill.size === 1000, defaultCapacity: 100_000 }
console.log('decision cache:', cacheFigures)

// Row sizes on PostgreSQL.
let storage: Record<string, unknown> | null = null
if (benchDatabaseUrl !== undefined) {
  storage = await withPostgresDatabase(benchDatabaseUrl, async (database) => {
    const privacy = await createPrivacy({ policy: onmionPolicy, database })
    try {
      const subjects = EVENTS / 4
      for (let i = 0; i < EVENTS; i += 1000) {
        await privacy.recordMany(
          Array.from({ length: 1000 }, (_, j) => {
            const k = i + j
            return k % 2 === 0
              ? ({ subject: `u_${k % subjects}`, type: 'consent.granted', purpose: 'analytics', method: 'banner', evidence: { source: 'web', formId: 'F-19' } } as const)
              : ({ subject: `u_${k % subjects}`, type: 'cookies.choice', choices: { analytics: k % 3 === 0, preferences: false }, method: 'cookie_banner', evidence: { source: 'banner' } } as const)
          }),
        )
      }
      await sql`vacuum analyze`.execute(privacy.db)
      const relations = await sql<{ name: string; kind: string; bytes: string }>`
        select c.relname as name, c.relkind::text as kind, pg_relation_size(c.oid)::text as bytes
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relname like 'privacy_%' and c.relkind in ('r', 'i') order by 3::bigint desc`.execute(privacy.db)
      const rows = relations.rows.map((r) => ({ name: r.name, kind: r.kind === 'r' ? 'table' : 'index', bytesPerEvent: Math.round(Number(r.bytes) / EVENTS) }))
      const total = rows.reduce((n, r) => n + r.bytesPerEvent, 0)
      return { events: EVENTS, subjects, relations: rows, bytesPerEvent: total }
    } finally {
      await privacy.close()
    }
  })
  console.log('storage per event on PostgreSQL:', storage)
} else console.log('postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')

await writeResults(new URL('./results/', import.meta.url), 'scale', { cache: cacheFigures, storage })
