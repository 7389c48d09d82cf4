import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PrivacyError, createPrivacy, type Privacy } from '../src/index.js'
import { GENESIS_HASH, chainHash } from '../src/ledger/canonical.js'
import { describeBackends, testKeys } from './backends.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>

describeBackends('ledger', (openBackend, backend) => {
  const open: OnmionPrivacy[] = []
  const start = async (database?: string): Promise<OnmionPrivacy> => {
    const privacy = await createPrivacy({ policy: onmionPolicy, database: database ?? (await openBackend()).database, keys: testKeys() })
    open.push(privacy)
    return privacy
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()))
  })

  const rowCount = async (privacy: OnmionPrivacy): Promise<number> =>
    Number((await sql<{ n: string | number }>`select count(*) as n from privacy_events`.execute(privacy.db)).rows[0]!.n)

  it('records the issue example, and check() follows it', async () => {
    const privacy = await start()
    const before = await privacy.check({ subject: 'u_42', purpose: 'transactional_sms', category: 'identifiers' })
    expect(before).toEqual({ allowed: false, reason: 'consent_missing', basis: 'consent' })
    const event = await privacy.record({
      subject: 'u_42',
      type: 'consent.granted',
      purpose: 'transactional_sms',
      method: 'signed_form',
      evidence: { formId: 'F-19' },
    })
    expect(event).toMatchObject({ subject: 'u_42', seq: 1, type: 'consent.granted', purpose: 'transactional_sms', policyVersion: onmionPolicy.meta.version })
    expect(event.prevHash).toBe(GENESIS_HASH)
    expect(event.hash).toBe(chainHash(event.prevHash, event.contentHash))
    const after = await privacy.check({ subject: 'u_42', purpose: 'transactional_sms', category: 'identifiers' })
    expect(after).toEqual({ allowed: true, reason: 'allowed_consent', basis: 'consent' })
  })

  it('returns history in chain order and projects every event type', async () => {
    const privacy = await start()
    const s = 'u_proj'
    await privacy.record({ subject: s, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: s, type: 'objection.recorded', purpose: 'security_monitoring', method: 'web_form' })
    await privacy.record({ subject: s, type: 'objection.recorded', purpose: 'debugging_fraud_prevention', method: 'web_form' })
    await privacy.record({ subject: s, type: 'objection.lifted', purpose: 'security_monitoring', method: 'web_form' })
    await privacy.record({ subject: s, type: 'age.attested', status: 'at_or_above_minimum', method: 'signup' })
    await privacy.record({ subject: s, type: 'restriction.set', method: 'rights_request' })
    await privacy.record({ subject: s, type: 'sms.opted_in', phone: '+15550001111', method: 'text_first' })
    await privacy.record({ subject: s, type: 'cookies.choice', choices: { analytics: false, strictly_necessary: false }, method: 'banner' })

    const history = await privacy.history(s)
    expect(history.map((e) => [e.seq, e.type])).toEqual([
      [1, 'consent.granted'],
      [2, 'objection.recorded'],
      [3, 'objection.recorded'],
      [4, 'objection.lifted'],
      [5, 'age.attested'],
      [6, 'restriction.set'],
      [7, 'sms.opted_in'],
      [8, 'cookies.choice'],
    ])
    for (let i = 1; i < history.length; i++) expect(history[i]!.prevHash).toBe(history[i - 1]!.hash)
    const sms = history[6]!
    expect(sms.redactedAt === null && sms.type === 'sms.opted_in' ? sms.phone : undefined).toBe('+15550001111')

    const state = await privacy.state(s)
    expect(state.consents).toEqual({ analytics: 'withdrawn', transactional_sms: 'granted' })
    expect(state.objections).toEqual(['debugging_fraud_prevention'])
    expect(state.restricted).toBe(true)
    expect(state.age).toBe('at_or_above_minimum')
    expect(state.sms).toMatchObject({ status: 'opted_in', optedOut: false })

    await privacy.record({ subject: s, type: 'restriction.lifted', method: 'rights_request' })
    await privacy.record({ subject: s, type: 'objection.lifted', method: 'web_form' })
    await privacy.record({ subject: s, type: 'sms.opted_out', phone: '+15550001111', method: 'keyword' })
    const later = await privacy.state(s)
    expect(later).toMatchObject({ restricted: false, objections: [], consents: { transactional_sms: 'withdrawn' }, sms: { status: 'opted_out', optedOut: true } })
    expect((await privacy.check({ subject: s, purpose: 'transactional_sms', category: 'identifiers' })).reason).toBe('consent_withdrawn')
  })

  it('records an idempotency key once and returns the first result', async () => {
    const privacy = await start()
    const input = { subject: 'u_idem', type: 'consent.granted', purpose: 'analytics', method: 'web_form', idempotencyKey: 'req-1' } as const
    const first = await privacy.record(input)
    const retried = await privacy.record({ ...input, evidence: { retry: true } })
    expect(retried.id).toBe(first.id)
    expect(retried.hash).toBe(first.hash)
    expect(await rowCount(privacy)).toBe(1)

    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => privacy.record({ subject: 'u_idem', type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form', idempotencyKey: 'req-2' })),
    )
    expect(new Set(concurrent.map((e) => e.id)).size).toBe(1)
    expect(await rowCount(privacy)).toBe(2)

    const batch = await privacy.recordMany([input, { subject: 'u_idem', type: 'restriction.set', method: 'api', idempotencyKey: 'req-3' }])
    expect(batch[0]!.id).toBe(first.id)
    expect(batch[1]!.seq).toBe(3)
    expect(await rowCount(privacy)).toBe(3)

    await expect(privacy.record({ ...input, subject: 'u_other' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' })
    // A different event under a reused key is refused, never answered as recorded and lost.
    await expect(privacy.record({ ...input, purpose: 'transactional_sms' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' })
    await expect(privacy.record({ ...input, method: 'api' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' })
    await expect(privacy.recordMany([{ ...input, purpose: 'transactional_sms' }])).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await rowCount(privacy)).toBe(3)
    expect((await privacy.ledger.verify()).ok).toBe(true)
  })

  it('appends a batch in one transaction, in order, chained per subject', async () => {
    const privacy = await start()
    await privacy.record({ subject: 'u_b', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    const events = await privacy.recordMany([
      { subject: 'u_a', type: 'consent.granted', purpose: 'analytics', method: 'web_form' },
      { subject: 'u_b', type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' },
      { subject: 'u_a', type: 'restriction.set', method: 'rights_request' },
    ])
    expect(events.map((e) => [e.subject, e.seq])).toEqual([
      ['u_a', 1],
      ['u_b', 2],
      ['u_a', 2],
    ])
    expect(events[2]!.prevHash).toBe(events[0]!.hash)
    expect((await privacy.state('u_b')).consents.analytics).toBe('withdrawn')
    expect(await privacy.ledger.verify()).toEqual({ ok: true, subjects: 2, events: 4, redacted: 0, broken: [], brokenSubjects: 0 })
    expect(await privacy.recordMany([])).toEqual([])
  })

  describe('bad input: a typed error naming the field, nothing written', () => {
    const cases: [string, unknown, string][] = [
      ['an email as subject', { subject: 'ann@example.com', type: 'restriction.set', method: 'api' }, 'subject'],
      ['a phone number as subject', { subject: '+15551234567', type: 'restriction.set', method: 'api' }, 'subject'],
      ['an unknown event type', { subject: 'u_1', type: 'consent.revoked', purpose: 'analytics', method: 'api' }, 'type'],
      ['an undeclared purpose', { subject: 'u_1', type: 'consent.granted', purpose: 'marketing', method: 'api' }, 'purpose'],
      ['consent to a contract purpose', { subject: 'u_1', type: 'consent.granted', purpose: 'service_delivery', method: 'api' }, 'purpose'],
      ['an objection to a non-objectable purpose', { subject: 'u_1', type: 'objection.recorded', purpose: 'legal_compliance', method: 'api' }, 'purpose'],
      ['an SMS method the policy does not list', { subject: 'u_1', type: 'sms.opted_in', phone: '+15551234567', method: 'scraped' }, 'method'],
      ['a phone number that is not E.164', { subject: 'u_1', type: 'sms.opted_in', phone: '555-1234', method: 'keyword' }, 'phone'],
      ['an undeclared cookie category', { subject: 'u_1', type: 'cookies.choice', choices: { marketing: true }, method: 'banner' }, 'choices.marketing'],
      ['a timestamp 10 minutes in the future', { subject: 'u_1', type: 'restriction.set', method: 'api', occurredAt: new Date(Date.now() + 600_000) }, 'occurredAt'],
      ['an unknown field', { subject: 'u_1', type: 'restriction.set', method: 'api', purpose: 'analytics' }, 'purpose'],
      ['not an object', null, 'input'],
      ['evidence that is not an object', { subject: 'u_1', type: 'restriction.set', method: 'api', evidence: 'signed' }, 'evidence'],
      ['a missing method', { subject: 'u_1', type: 'restriction.set' }, 'method'],
    ]
    let shared: OnmionPrivacy
    beforeAll(async () => {
      shared = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database, keys: testKeys() })
      await shared.record({ subject: 'u_1', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    })
    afterAll(() => shared.close())

    it.each(cases)('%s', async (_name, input, field) => {
      const privacy = shared
      const before = await privacy.history('u_1')
      const error = await privacy.record(input as never).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PrivacyError)
      expect(error).toMatchObject({ name: 'PrivacyError', code: 'INVALID_INPUT', field })
      const batchError = await privacy.recordMany([{ subject: 'u_1', type: 'restriction.set', method: 'api' }, input as never]).catch((e: unknown) => e)
      expect(batchError).toMatchObject({ code: 'INVALID_INPUT', field: field === 'input' ? 'events[1]' : `events[1].${field}` })
      expect(await privacy.history('u_1')).toEqual(before)
      expect(await rowCount(privacy)).toBe(1)
    })

    it('refuses a batch that is not an array, or repeats an idempotency key', async () => {
      const privacy = shared
      await expect(privacy.recordMany('events' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'events' })
      const event = { subject: 'u_1', type: 'restriction.set', method: 'api', idempotencyKey: 'dup' } as const
      await expect(privacy.recordMany([event, event])).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'events[1].idempotencyKey' })
      expect(await rowCount(privacy)).toBe(1)
    })

    it('accepts a timestamp within the clock skew', async () => {
      const privacy = await start()
      const event = await privacy.record({ subject: 'u_1', type: 'restriction.set', method: 'api', occurredAt: new Date(Date.now() + 60_000).toISOString() })
      expect(event.occurredAt.getTime()).toBeGreaterThan(event.recordedAt.getTime())
    })

    it('refuses a malformed subject when reading', async () => {
      const privacy = await start()
      await expect(privacy.history('a@b.c')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'subject' })
      await expect(privacy.state('')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'subject' })
      await expect(privacy.check({ subject: 'x y', purpose: 'analytics', category: 'usage_data' })).rejects.toMatchObject({ field: 'subject' })
    })
  })

  describe('tamper evidence', () => {
    const seed = async (privacy: OnmionPrivacy): Promise<void> => {
      await privacy.record({ subject: 'u_a', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      for (let i = 0; i < 4; i++) {
        await privacy.record({ subject: 'u_t', type: i % 2 === 0 ? 'consent.granted' : 'consent.withdrawn', purpose: 'analytics', method: 'web_form', evidence: { i } })
      }
      await privacy.record({ subject: 'u_z', type: 'restriction.set', method: 'api' })
      expect(await privacy.ledger.verify()).toEqual({ ok: true, subjects: 3, events: 6, redacted: 0, broken: [], brokenSubjects: 0 })
    }

    it('detects a row edited by hand', async () => {
      const privacy = await start()
      await seed(privacy)
      await sql`update privacy_events set payload = '{"purpose":"transactional_sms"}'::jsonb where subject = 'u_t' and seq = 3`.execute(privacy.db)
      const report = await privacy.ledger.verify()
      expect(report).toMatchObject({ ok: false, firstBroken: { subject: 'u_t', seq: 3, problem: 'content_hash_mismatch' } })
    })

    it('detects an edit that also rewrote the content hash', async () => {
      const privacy = await start()
      await seed(privacy)
      await sql`update privacy_events set evidence = '{"i":99}'::jsonb, content_hash = repeat('a', 64) where subject = 'u_t' and seq = 2`.execute(privacy.db)
      const report = await privacy.ledger.verify()
      expect(report).toMatchObject({ ok: false, firstBroken: { subject: 'u_t', seq: 2 } })
    })

    it('detects a deleted row in the middle of a chain', async () => {
      const privacy = await start()
      await seed(privacy)
      await sql`delete from privacy_events where subject = 'u_t' and seq = 2`.execute(privacy.db)
      const report = await privacy.ledger.verify()
      expect(report).toMatchObject({ ok: false, firstBroken: { subject: 'u_t', seq: 2, problem: 'seq_gap' } })
      expect(await privacy.ledger.verify({ subject: 'u_a' })).toMatchObject({ ok: true, subjects: 1, events: 1 })
    })

    it('detects a deleted last row', async () => {
      const privacy = await start()
      await seed(privacy)
      await sql`delete from privacy_events where subject = 'u_t' and seq = 4`.execute(privacy.db)
      expect(await privacy.ledger.verify()).toMatchObject({ ok: false, firstBroken: { subject: 'u_t', seq: 4, problem: 'head_mismatch' } })
    })

    it('detects a deleted chain and a row written around the ledger', async () => {
      const privacy = await start()
      await seed(privacy)
      await sql`delete from privacy_events where subject = 'u_z'`.execute(privacy.db)
      expect(await privacy.ledger.verify()).toMatchObject({ ok: false, firstBroken: { subject: 'u_z', seq: 1, problem: 'head_mismatch' } })
      await sql`delete from privacy_subject_heads where subject = 'u_z'`.execute(privacy.db)
      expect((await privacy.ledger.verify()).ok).toBe(true)
      await sql`update privacy_events set subject = 'u_forged' where subject = 'u_a'`.execute(privacy.db)
      expect(await privacy.ledger.verify()).toMatchObject({ ok: false, firstBroken: { subject: 'u_a', problem: 'head_mismatch' } })
    })

    /** Redacts events 1..`upTo` of a subject as an erasure does (with its `erasure.applied` record). */
    const erase = async (privacy: OnmionPrivacy, subject: string, upTo: number): Promise<void> => {
      const ids = (await privacy.history(subject)).filter((e) => e.seq <= upTo).map((e) => e.id)
      expect((await privacy.context.ledger.erase(subject, ids, new Date())).redacted).toBe(ids.length)
    }

    it('accepts a redacted row, and still detects deletion after it', async () => {
      const privacy = await start()
      await seed(privacy)
      await erase(privacy, 'u_t', 2)
      expect(await privacy.ledger.verify()).toEqual({ ok: true, subjects: 3, events: 7, redacted: 2, broken: [], brokenSubjects: 0 })
      const history = await privacy.history('u_t')
      expect(history[0]).toMatchObject({ seq: 1, type: 'consent.granted', evidence: null })
      expect(history[0]!.redactedAt).toBeInstanceOf(Date)
      expect(history[0]).not.toHaveProperty('purpose')
      await sql`delete from privacy_events where subject = 'u_t' and seq = 3`.execute(privacy.db)
      expect(await privacy.ledger.verify()).toMatchObject({ ok: false, firstBroken: { subject: 'u_t', seq: 3, problem: 'seq_gap' } })
    })

    it('still detects an edit to what a redacted row keeps', async () => {
      const privacy = await start()
      await seed(privacy)
      await erase(privacy, 'u_t', 2)
      expect((await privacy.ledger.verify()).ok).toBe(true)
      await sql`update privacy_events set type = 'consent.granted' where subject = 'u_t' and seq = 2`.execute(privacy.db)
      expect(await privacy.ledger.verify()).toMatchObject({ ok: false, firstBroken: { subject: 'u_t', seq: 2, problem: 'content_hash_mismatch' } })
    })
  })

  it('keeps one linear chain under 500 concurrent writes for one subject', { timeout: 120_000 }, async () => {
    const { database } = await openBackend()
    // On PostgreSQL: two instances, each with its own pool of connections. On PGlite: one embedded
    // database, with the writes issued concurrently.
    const writers = backend === 'postgres' ? [await start(database), await start(database)] : [await start(database)]
    const writes = Array.from({ length: 500 }, (_, i) =>
      writers[i % writers.length]!.record({
        subject: 'u_hot',
        type: i % 2 === 0 ? 'consent.granted' : 'consent.withdrawn',
        purpose: 'analytics',
        method: 'api',
        evidence: { i },
      }),
    )
    const results = await Promise.all(writes)
    expect(new Set(results.map((e) => e.seq)).size).toBe(500)
    const history = await writers[0]!.history('u_hot')
    expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1))
    for (let i = 1; i < history.length; i++) expect(history[i]!.prevHash).toBe(history[i - 1]!.hash)
    expect(await writers[0]!.ledger.verify()).toEqual({ ok: true, subjects: 1, events: 500, redacted: 0, broken: [], brokenSubjects: 0 })
  })

  it('verifies a live ledger without false alarms while writes land', { timeout: 120_000 }, async () => {
    const { database } = await openBackend()
    const writer = await start(database)
    const reader = backend === 'postgres' ? await start(database) : writer
    const progress = { writing: true }
    const writes = (async () => {
      for (let round = 0; round < 40; round++) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            writer.record({ subject: `u_live${i % 4}`, type: 'consent.granted', purpose: 'analytics', method: 'api', evidence: { round, i } }),
          ),
        )
      }
      progress.writing = false
    })()
    const reports = []
    while (progress.writing) reports.push(await reader.ledger.verify())
    await writes
    reports.push(await reader.ledger.verify())
    expect(reports.length).toBeGreaterThan(1)
    expect(reports.filter((r) => !r.ok)).toEqual([])
    expect(reports.at(-1)).toEqual({ ok: true, subjects: 4, events: 400, redacted: 0, broken: [], brokenSubjects: 0 })
  })

  it('answers each of a group of concurrent single writes as it would alone (group commit)', async () => {
    const privacy = await start()
    await privacy.record({ subject: 'u_g0', type: 'consent.granted', purpose: 'analytics', method: 'api', idempotencyKey: 'taken' })
    // Written while one another is in flight, these go out together; the one that reuses a
    // recorded key for a different event fails that statement, and each is then written alone.
    const writes = Array.from({ length: 40 }, (_, i) =>
      privacy
        .record({
          subject: `u_g${i % 4}`,
          type: i % 2 === 0 ? 'consent.granted' : 'consent.withdrawn',
          purpose: 'analytics',
          method: 'api',
          evidence: { i },
          ...(i === 17 ? { idempotencyKey: 'taken' } : i === 23 ? { idempotencyKey: 'replayed' } : {}),
        })
        .then(
          (event) => ({ ok: true as const, event }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
    )
    const replay = privacy.record({ subject: 'u_g3', type: 'consent.withdrawn', purpose: 'analytics', method: 'api', evidence: { i: 23 }, idempotencyKey: 'replayed' })
    const results = await Promise.all(writes)
    expect(results[17]).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'idempotencyKey' } })
    const written = results.flatMap((r) => (r.ok ? [r.event] : []))
    expect(written).toHaveLength(39)
    // The same key and event sent twice at once: one row, both answered with it.
    const twin = results[23]
    expect(twin?.ok && (await replay).id === twin.event.id).toBe(true)
    expect(await rowCount(privacy)).toBe(40)
    const stored = new Map<string, { seq: number; hash: string }>()
    for (const subject of ['u_g0', 'u_g1', 'u_g2', 'u_g3']) {
      const history = await privacy.history(subject)
      expect(history.map((e) => e.seq)).toEqual(Array.from({ length: history.length }, (_, i) => i + 1))
      for (const event of history) stored.set(event.id, { seq: event.seq, hash: event.hash })
    }
    // Each writer was answered with its own event's place in the chain.
    for (const event of written) expect(stored.get(event.id)).toEqual({ seq: event.seq, hash: event.hash })
    expect(await privacy.ledger.verify()).toEqual({ ok: true, subjects: 4, events: 40, redacted: 0, broken: [], brokenSubjects: 0 })
    expect(await privacy.check({ subject: 'u_g1', purpose: 'analytics', category: 'usage_data' })).toMatchObject({ allowed: false, reason: 'consent_withdrawn' })
  })

  it('keeps chains linear when batches and single writes race', async () => {
    const privacy = await start()
    const batches = Array.from({ length: 10 }, (_, b) =>
      privacy.recordMany(
        Array.from({ length: 20 }, (_, i) => ({ subject: `u_r${i % 3}`, type: 'restriction.set' as const, method: 'api', evidence: { b, i } })),
      ),
    )
    const singles = Array.from({ length: 30 }, (_, i) => privacy.record({ subject: `u_r${i % 3}`, type: 'restriction.lifted', method: 'api' }))
    await Promise.all([...batches, ...singles])
    expect(await privacy.ledger.verify()).toEqual({ ok: true, subjects: 3, events: 230, redacted: 0, broken: [], brokenSubjects: 0 })
  })
})
