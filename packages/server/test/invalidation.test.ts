import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrivacy, type Privacy } from '../src/index.js'
import { createTestDatabase, dropTestDatabase, hasPostgres } from './backends.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>

/** Polls until `read` gives `expected` (notifications are asynchronous), or fails after 5 s. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 5000
  for (;;) {
    const value = await read()
    if (JSON.stringify(value) === JSON.stringify(expected) || Date.now() > deadline) {
      expect(value).toEqual(expected)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

// Two instances only share a database on PostgreSQL (a PGlite directory belongs to one process).
describe.skipIf(!hasPostgres)('projection cache invalidation between instances [postgres]', () => {
  let url: string
  let a: OnmionPrivacy
  let b: OnmionPrivacy
  beforeAll(async () => {
    url = await createTestDatabase()
    a = await createPrivacy({ policy: onmionPolicy, database: url })
    b = await createPrivacy({ policy: onmionPolicy, database: url })
  })
  afterAll(async () => {
    await a.close()
    await b.close()
    await dropTestDatabase(url)
  })

  const analytics = (p: OnmionPrivacy, subject: string) => async () => (await p.check({ subject, purpose: 'analytics', category: 'usage_data' })).reason

  it('agree after a write on either instance', async () => {
    const subject = 'u_shared'
    // Both warm their cache with "no consent".
    expect(await analytics(a, subject)()).toBe('consent_missing')
    expect(await analytics(b, subject)()).toBe('consent_missing')
    expect(a.context.ledger.cachedState(subject)).toBeDefined()
    expect(b.context.ledger.cachedState(subject)).toBeDefined()

    await a.record({ subject, type: 'consent.granted', purpose: 'analytics', method: 'banner' })
    expect(await analytics(a, subject)()).toBe('allowed_consent')
    await eventually(analytics(b, subject), 'allowed_consent')

    await b.record({ subject, type: 'consent.withdrawn', purpose: 'analytics', method: 'banner' })
    expect(await analytics(b, subject)()).toBe('consent_withdrawn')
    await eventually(analytics(a, subject), 'consent_withdrawn')

    await b.recordMany([
      { subject, type: 'consent.granted', purpose: 'analytics', method: 'banner' },
      { subject: 'u_other', type: 'restriction.set', method: 'api' },
    ])
    await eventually(analytics(a, subject), 'allowed_consent')
  })

  it('serves warm subjects from memory until told otherwise', async () => {
    const subject = 'u_cached'
    // Warm first, so the answer below can only change once b's notification has arrived.
    expect(await analytics(a, subject)()).toBe('consent_missing')
    await b.record({ subject, type: 'consent.granted', purpose: 'analytics', method: 'banner' })
    await eventually(analytics(a, subject), 'allowed_consent')
    // A change made around the SDK sends no notification: the warm cache keeps answering.
    await sql`update privacy_events set type = 'consent.withdrawn' where subject = ${subject}`.execute(b.db)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await analytics(a, subject)()).toBe('allowed_consent')
    // ledger.invalidate() (what retention calls after redacting) announces it to every instance.
    await b.context.ledger.invalidate([subject])
    await eventually(analytics(a, subject), 'consent_withdrawn')
  })

  it('drops the cache and listens again when its listening connection is lost', async () => {
    const subject = 'u_reconnect'
    expect(await analytics(a, subject)()).toBe('consent_missing')
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`.execute(b.db)
    // Both instances' listeners were cut: the caches are dropped (notifications may have been missed).
    await eventually(() => Promise.resolve(a.context.ledger.cachedState(subject)), undefined)
    await eventually(async () => {
      const n = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`.execute(b.db)
      return Number(n.rows[0]!.n)
    }, 2)
    expect(await analytics(a, subject)()).toBe('consent_missing')
    await b.record({ subject, type: 'consent.granted', purpose: 'analytics', method: 'banner' })
    await eventually(analytics(a, subject), 'allowed_consent')
  })
})
