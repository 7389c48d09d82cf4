import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrivacy, mergeConsistencyTokens, type ConsistencyOptions, type Privacy } from '../src/index.js'
import { createTestDatabase, describeBackends, dropTestDatabase, hasPostgres, testKeys } from './backends.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>

const analytics = (subject: string) => ({ subject, purpose: 'analytics', category: 'usage_data' }) as const
const grant = (subject: string) => ({ subject, type: 'consent.granted', purpose: 'analytics', method: 'banner' }) as const
const withdraw = (subject: string) => ({ subject, type: 'consent.withdrawn', purpose: 'analytics', method: 'banner' }) as const

/** Stops an instance's LISTEN, so that no invalidation can reach its cache: staleness without timing. */
async function deafen(privacy: OnmionPrivacy): Promise<void> {
  // ConsentLedger.close() stops listening; the Ledger interface features see does not offer it.
  await (privacy.context.ledger as unknown as { close(): Promise<void> }).close()
}

describeBackends('consistency tokens', (openBackend) => {
  let privacy: OnmionPrivacy
  beforeAll(async () => {
    privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database, keys: testKeys() })
  })
  afterAll(() => privacy.close())

  it('every write returns the token of its position; reads accept it', async () => {
    const first = await privacy.record(grant('u_t1'))
    expect(first.consistencyToken).toMatch(/^ct1\.[A-Za-z0-9_-]+$/)
    const [second, other] = await privacy.recordMany([withdraw('u_t1'), grant('u_t2')])
    expect(second!.consistencyToken).not.toBe(first.consistencyToken)
    expect(other!.consistencyToken).not.toBe(second!.consistencyToken)
    expect((await privacy.check(analytics('u_t1'), { atLeast: second!.consistencyToken })).reason).toBe('consent_withdrawn')
    expect((await privacy.check(analytics('u_t2'), { atLeast: other!.consistencyToken })).reason).toBe('allowed_consent')
    // An older token is satisfied by newer state.
    expect((await privacy.check(analytics('u_t1'), { atLeast: first.consistencyToken })).reason).toBe('consent_withdrawn')
    // A merged token (what an HTTP batch answers with) names both subjects.
    const merged = mergeConsistencyTokens([second!.consistencyToken, other!.consistencyToken, first.consistencyToken])
    expect((await privacy.state('u_t1', { atLeast: merged })).consents.analytics).toBe('withdrawn')
    expect((await privacy.assert(analytics('u_t2'), { atLeast: merged, consistency: 'strong' })).allowed).toBe(true)
    // A replayed idempotent write answers with the first write's position.
    const keyed = await privacy.record({ ...grant('u_t3'), idempotencyKey: 'k-t3' })
    expect((await privacy.record({ ...grant('u_t3'), idempotencyKey: 'k-t3' })).consistencyToken).toBe(keyed.consistencyToken)
  })

  it('rejects malformed options, naming the field, and a token from beyond this ledger', async () => {
    const q = analytics('u_t4')
    const bad: [ConsistencyOptions, string][] = [
      [{ atLeast: 'nope' }, 'atLeast'],
      [{ atLeast: 'ct1.!!!' }, 'atLeast'],
      [{ atLeast: `ct1.${Buffer.from('u_t4@0').toString('base64url')}` }, 'atLeast'],
      [{ atLeast: `ct1.${Buffer.from('u_t4').toString('base64url')}` }, 'atLeast'],
      [{ atLeast: 42 as never }, 'atLeast'],
      [{ atLeast: `ct1.${'A'.repeat(20_000)}` }, 'atLeast'],
      [{ consistency: 'eventual' as never }, 'consistency'],
    ]
    for (const [options, field] of bad) {
      await expect(privacy.check(q, options)).rejects.toMatchObject({ code: 'INVALID_INPUT', field })
      await expect(privacy.state(q.subject, options)).rejects.toMatchObject({ code: 'INVALID_INPUT', field })
    }
    await expect(privacy.check(q, 'strong' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'options' })
    const ahead = `ct1.${Buffer.from('u_t4@7').toString('base64url')}`
    await expect(privacy.check(q, { atLeast: ahead })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'atLeast' })
  })

  it('SMS inbound, rights fulfilment (an erasure too) and lift return the token of what they recorded', async () => {
    const phone = '+14155550123'
    await privacy.record({ subject: 'u_t5', type: 'sms.opted_in', phone, method: 'signed_form' })
    const stop = await privacy.sms.handleInbound({ messageId: 'm-t5', from: phone, to: '+14155550100', text: 'STOP', receivedAt: new Date().toISOString() })
    expect(stop.consistencyToken).not.toBeNull()
    const sms = { subject: 'u_t5', purpose: 'transactional_sms', category: 'identifiers' } as const
    expect((await privacy.check(sms, { atLeast: stop.consistencyToken! })).allowed).toBe(false)
    const help = await privacy.sms.handleInbound({ messageId: 'm-t5b', from: phone, to: '+14155550100', text: 'HELP', receivedAt: new Date().toISOString() })
    expect(help.consistencyToken).toBeNull()

    await privacy.record(grant('u_t6'))
    const request = await privacy.rights.open({ subject: 'u_t6', type: 'restriction', channel: 'email' })
    await privacy.rights.transition(request.id, { to: 'identity_verified' })
    const fulfilled = await privacy.rights.fulfil(request.id)
    expect((await privacy.check(analytics('u_t6'), { atLeast: fulfilled.consistencyToken! })).reason).toBe('restricted')
    const lifted = await privacy.rights.lift(request.id, { reason: 'accuracy confirmed' })
    expect(lifted.consistencyToken).toMatch(/^ct1\./)
    expect(lifted.consistencyToken).not.toBe(fulfilled.consistencyToken)
    expect((await privacy.check(analytics('u_t6'), { atLeast: lifted.consistencyToken! })).reason).toBe('allowed_consent')

    const erasure = await privacy.rights.open({ subject: 'u_t6', type: 'erasure', channel: 'email' })
    await privacy.rights.transition(erasure.id, { to: 'identity_verified' })
    const erased = await privacy.rights.fulfil(erasure.id)
    expect(erased.consistencyToken).toMatch(/^ct1\./)
    expect((await privacy.check(analytics('u_t6'), { atLeast: erased.consistencyToken! })).reason).toBe('consent_missing')
  })
})

describe.skipIf(!hasPostgres)('consistency between two instances [postgres]', () => {
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

  const reason = async (p: OnmionPrivacy, subject: string, options?: ConsistencyOptions) => (await p.check(analytics(subject), options)).reason

  // What a write on A promises a read on B, whatever B's cache holds and whenever its
  // invalidation arrives: 0 stale answers in 1,000 rounds of write, then check at once. The
  // rounds run on 20 subjects side by side (50 rounds each, in order), so that a loaded machine
  // finishes them; every round is still a write followed at once by a check of what it wrote.
  for (const mode of ['token', 'strong'] as const) {
    it(`0 stale answers in 1,000 write-then-check rounds, with ${mode === 'token' ? 'the token' : "consistency: 'strong'"}`, async () => {
      const subjects = Array.from({ length: 20 }, (_, i) => `u_rounds_${mode}_${i}`)
      let rounds = 0
      let stale = 0
      await Promise.all(
        subjects.map(async (subject) => {
          expect(await reason(b, subject)).toBe('consent_missing') // warm on B: a cached answer is there to go stale
          for (let round = 0; round < 50; round++) {
            const granting = round % 2 === 0
            const written = await a.record(granting ? grant(subject) : withdraw(subject))
            const options: ConsistencyOptions = mode === 'token' ? { atLeast: written.consistencyToken } : { consistency: 'strong' }
            if ((await reason(b, subject, options)) !== (granting ? 'allowed_consent' : 'consent_withdrawn')) stale++
            rounds++
          }
        }),
      )
      expect(rounds).toBe(1000)
      expect(stale).toBe(0)
    }, 600_000)
  }

  it('a token answers from the cache once it has seen the position, from the database before', async () => {
    const subject = 'u_modes'
    const granted = await a.record(grant(subject))
    // From here on B hears nothing: its cache can only change by its own reads.
    await deafen(b)
    expect(await reason(b, subject, { atLeast: granted.consistencyToken })).toBe('allowed_consent')
    const withdrawn = await a.record(withdraw(subject))
    // The default answers from B's cache, which has not seen the withdrawal: this is the window a token closes.
    expect(await reason(b, subject)).toBe('allowed_consent')
    expect(await reason(b, subject, { consistency: 'cached' })).toBe('allowed_consent')
    // The grant's token is satisfied by the cache; the withdrawal's is not, so the database answers.
    expect(await reason(b, subject, { atLeast: granted.consistencyToken })).toBe('allowed_consent')
    expect(await reason(b, subject, { atLeast: withdrawn.consistencyToken })).toBe('consent_withdrawn')
    // That read refreshed the cache: the default now sees the withdrawal too.
    expect(await reason(b, subject)).toBe('consent_withdrawn')
    // A change around the SDK (no token, no notification) proves which reads touch the database.
    await sql`update privacy_events set type = 'consent.granted' where subject = ${subject} and seq = ${withdrawn.seq}`.execute(a.db)
    expect(await reason(b, subject, { atLeast: withdrawn.consistencyToken })).toBe('consent_withdrawn') // cache: seen
    expect(await reason(b, subject, { consistency: 'strong' })).toBe('allowed_consent') // database
    // A token naming only another subject says nothing about this one's cache: the database answers.
    await sql`update privacy_events set type = 'consent.withdrawn' where subject = ${subject} and seq = ${withdrawn.seq}`.execute(a.db)
    const elsewhere = await a.record(grant('u_modes_other'))
    expect(await reason(b, subject, { atLeast: elsewhere.consistencyToken })).toBe('consent_withdrawn')

    // Lifting a restriction is a write like the others: its token makes B see the lift.
    const lifting = 'u_modes_lift'
    await a.record(grant(lifting))
    const request = await a.rights.open({ subject: lifting, type: 'restriction', channel: 'email' })
    await a.rights.transition(request.id, { to: 'identity_verified' })
    const restricted = await a.rights.fulfil(request.id)
    expect(await reason(b, lifting, { atLeast: restricted.consistencyToken! })).toBe('restricted')
    const lifted = await a.rights.lift(request.id, { reason: 'accuracy confirmed' })
    expect(lifted.consistencyToken).toMatch(/^ct1\./)
    expect(await reason(b, lifting, { atLeast: lifted.consistencyToken! })).toBe('allowed_consent')

    // An erasure appends its own event: its token makes B read past the redaction it made.
    const erasing = 'u_modes_erase'
    await a.record(grant(erasing))
    expect(await reason(b, erasing)).toBe('allowed_consent')
    const erasure = await a.rights.open({ subject: erasing, type: 'erasure', channel: 'email' })
    await a.rights.transition(erasure.id, { to: 'identity_verified' })
    const erased = await a.rights.fulfil(erasure.id)
    expect(erased.consistencyToken).toMatch(/^ct1\./)
    expect(await reason(b, erasing, { atLeast: erased.consistencyToken! })).toBe('consent_missing')
  })
})
