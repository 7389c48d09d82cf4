import { randomUUID } from 'node:crypto'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { createPrivacy, type Privacy } from '../src/index.js'
import { GENESIS_HASH, chainHash, contentHashOf, personalHashOf } from '../src/ledger/canonical.js'
import { describeBackends, testKeys } from './backends.js'
import { HAND_REDACTION, testClock } from './support/ledger-tampering.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>

const monitoring = { purpose: 'security_monitoring', category: 'usage_data' } as const
const analytics = { purpose: 'analytics', category: 'usage_data' } as const

describeBackends('state keys', (openBackend) => {
  const open: OnmionPrivacy[] = []
  const start = async (at: string) => {
    const clock = testClock(at)
    const privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database, keys: testKeys(), clock: clock.now })
    open.push(privacy)
    return { privacy, clock }
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()))
  })
  const stateKeys = async (privacy: OnmionPrivacy, subject: string): Promise<(string | null)[]> =>
    (await privacy.db.selectFrom('privacy_events').select('state_key').where('subject', '=', subject).orderBy('seq').execute()).map((r) => r.state_key)
  const broken = async (privacy: OnmionPrivacy): Promise<[string, number, string][]> =>
    (await privacy.ledger.verify()).broken.map((b) => [b.subject, b.seq, b.problem])

  it('stores each event\'s state key in clear and hashes it (content format v2)', { timeout: 120_000 }, async () => {
    const { privacy } = await start('2026-06-15T00:00:00Z')
    await privacy.record({ subject: 'u_k', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_k', type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    await privacy.recordMany([
      { subject: 'u_k', type: 'objection.lifted', method: 'api' },
      { subject: 'u_k', type: 'cookies.choice', choices: { preferences: false, analytics: true }, method: 'banner' },
      { subject: 'u_k', type: 'restriction.set', method: 'api' },
      { subject: 'u_k', type: 'age.attested', status: 'at_or_above_minimum', method: 'api' },
      { subject: 'u_k', type: 'notice.announced', fromVersion: '1.0.0', toVersion: '1.1.0', channel: 'email', method: 'email' },
    ])
    expect(await stateKeys(privacy, 'u_k')).toEqual([
      'consent:analytics',
      'objection:security_monitoring',
      'objection:*',
      'cookies:analytics,preferences',
      'restriction',
      'age',
      null,
    ])
    expect((await privacy.ledger.verify()).ok).toBe(true)

    // The database refuses a keyed event without its key, one at a time and in a batch (a writer
    // built before the column would otherwise write events the audit could only judge by family).
    const hashes = sql`${'0'.repeat(64)}::text, ${'0'.repeat(64)}::text`
    await expect(
      sql`select * from privacy_append_event('ev_nokey'::text, 'u_k'::text, 'consent.withdrawn'::text, '{"purpose":"analytics"}'::jsonb, 'api'::text, '{}'::jsonb,
        '1.0.0'::text, now(), now(), null::text, null::text, null::text, null::text, null::text, ${hashes}, null::text, false::boolean)`.execute(privacy.db),
    ).rejects.toThrow(/needs its state key/)
    const row = { i: 1, si: 1, id: 'ev_nokey', subject: 'u_k', type: 'objection.recorded', payload: { purpose: 'analytics' }, method: 'api', evidence: {}, policy_version: '1.0.0',
      occurred_at: new Date().toISOString(), recorded_at: new Date().toISOString(), personal_hash: '0'.repeat(64), content_hash: '0'.repeat(64) }
    await expect(sql`select * from privacy_append_events(${JSON.stringify(['u_k'])}::jsonb, ${JSON.stringify([row])}::jsonb, false)`.execute(privacy.db)).rejects.toThrow(/needs its state key/)
    expect((await stateKeys(privacy, 'u_k')).length).toBe(7)
  })

  it('detects a standing objection or withdrawal for one purpose hidden behind a later event about another, and keeps the decision strict', { timeout: 120_000 }, async () => {
    const { privacy, clock } = await start('2019-01-10T00:00:00Z')
    // u_o objects to security monitoring (legitimate interest); later to debugging. u_w grants and
    // withdraws analytics, later consents to SMS. u_c chooses two cookie categories, later one.
    await privacy.record({ subject: 'u_o', type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    await privacy.record({ subject: 'u_w', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_w', type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_c', type: 'cookies.choice', choices: { analytics: true, preferences: true }, method: 'banner' })
    clock.set('2019-06-10T00:00:00Z')
    await privacy.record({ subject: 'u_o', type: 'objection.recorded', purpose: 'debugging_fraud_prevention', method: 'api' })
    await privacy.record({ subject: 'u_w', type: 'consent.granted', purpose: 'transactional_sms', method: 'web_form' })
    await privacy.record({ subject: 'u_c', type: 'cookies.choice', choices: { analytics: false }, method: 'banner' })
    clock.set('2026-06-15T00:00:00Z')
    expect((await privacy.check({ subject: 'u_o', ...monitoring })).allowed).toBe(false)
    expect((await privacy.check({ subject: 'u_w', ...analytics })).allowed).toBe(false)

    await sql`update privacy_events set ${HAND_REDACTION} where (subject in ('u_o', 'u_c') and seq = 1) or (subject = 'u_w' and seq = 2)`.execute(privacy.db)
    await privacy.context.ledger.invalidate(['u_o', 'u_w', 'u_c'])
    const report = await privacy.ledger.verify()
    expect(report.broken.map((b) => [b.subject, b.seq, b.problem])).toEqual([
      ['u_c', 1, 'redaction_unexplained'],
      ['u_o', 1, 'redaction_unexplained'],
      ['u_w', 2, 'redaction_unexplained'],
    ])
    expect(report.broken.find((b) => b.subject === 'u_o')?.message).toMatch(/no later event superseding objection:security_monitoring stood then/)
    // Hidden, the objection would allow monitoring and the grant alone analytics (what verify
    // accepted before keys were stored): the subjects are locked to the strictest state instead.
    expect((await privacy.check({ subject: 'u_o', ...monitoring })).allowed).toBe(false)
    expect((await privacy.check({ subject: 'u_w', ...analytics })).allowed).toBe(false)
  })

  it('detects a state key nulled, changed, or given to an event hashed without one', { timeout: 120_000 }, async () => {
    const { privacy } = await start('2026-06-15T00:00:00Z')
    for (const subject of ['u_n', 'u_x', 'u_v']) await privacy.record({ subject, type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    await privacy.record({ subject: 'u_v', type: 'notice.announced', fromVersion: '1.0.0', toVersion: '1.1.0', channel: 'email', method: 'email' })
    expect((await privacy.ledger.verify()).ok).toBe(true)
    await sql`update privacy_events set state_key = null where subject = 'u_n'`.execute(privacy.db)
    await sql`update privacy_events set state_key = 'objection:debugging_fraud_prevention' where subject = 'u_x'`.execute(privacy.db)
    await sql`update privacy_events set state_key = 'objection:*' where subject = 'u_v' and seq = 2`.execute(privacy.db)
    expect(await broken(privacy)).toEqual([
      ['u_n', 1, 'content_hash_mismatch'],
      ['u_v', 2, 'content_hash_mismatch'],
      ['u_x', 1, 'content_hash_mismatch'],
    ])
  })

  it('still verifies what retention and an erasure redact, and both keep the state key', { timeout: 120_000 }, async () => {
    const { privacy, clock } = await start('2019-01-10T00:00:00Z')
    await privacy.record({ subject: 'u_s', type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    await privacy.record({ subject: 'u_s', type: 'objection.recorded', purpose: 'debugging_fraud_prevention', method: 'api' })
    await privacy.record({ subject: 'u_s', type: 'cookies.choice', choices: { analytics: true, preferences: true }, method: 'banner' })
    await privacy.record({ subject: 'u_s', type: 'cookies.choice', choices: { analytics: false }, method: 'banner' })
    clock.set('2019-06-10T00:00:00Z')
    // A lift of every objection supersedes both; the third choice names every category of the
    // first two. The consents: the grant is superseded by the withdrawal, which stands.
    await privacy.record({ subject: 'u_s', type: 'objection.lifted', method: 'api' })
    await privacy.record({ subject: 'u_s', type: 'cookies.choice', choices: { analytics: true, preferences: false, strictly_necessary: true }, method: 'banner' })
    await privacy.record({ subject: 'u_s', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_s', type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })
    clock.set('2026-06-15T00:00:00Z')
    expect((await privacy.retention.sweep()).removed).toBe(5)
    const rows = await privacy.db.selectFrom('privacy_events').select(['seq', 'state_key', 'redacted_at']).where('subject', '=', 'u_s').orderBy('seq').execute()
    expect(rows.map((r) => [r.seq, r.state_key, r.redacted_at !== null])).toEqual([
      [1, 'objection:security_monitoring', true],
      [2, 'objection:debugging_fraud_prevention', true],
      [3, 'cookies:analytics,preferences', true],
      [4, 'cookies:analytics', true],
      [5, 'objection:*', false],
      [6, 'cookies:analytics,preferences,strictly_necessary', false],
      [7, 'consent:analytics', true],
      [8, 'consent:analytics', false],
    ])
    expect((await privacy.ledger.verify()).ok).toBe(true)

    const request = await privacy.rights.open({ subject: 'u_s', type: 'erasure', channel: 'email' })
    await privacy.rights.transition(request.id, { to: 'identity_verified' })
    expect((await privacy.rights.fulfil(request.id)).erasure?.redactedEvents).toBe(3)
    expect(await stateKeys(privacy, 'u_s')).toEqual([
      'objection:security_monitoring',
      'objection:debugging_fraud_prevention',
      'cookies:analytics,preferences',
      'cookies:analytics',
      'objection:*',
      'cookies:analytics,preferences,strictly_necessary',
      'consent:analytics',
      'consent:analytics',
      null,
    ])
    expect((await privacy.ledger.verify()).ok).toBe(true)
  })

  /**
   * Writes an event as the ledger did before state keys were stored: content format v1, no key,
   * chained after the subject's head. The append functions now refuse a keyed event without its
   * key, so the row and the head are written directly.
   */
  async function appendV1(privacy: OnmionPrivacy, subject: string, type: string, payload: Record<string, unknown>, at: Date): Promise<void> {
    const head = await privacy.db.selectFrom('privacy_subject_heads').select(['seq', 'hash']).where('subject', '=', subject).executeTakeFirst()
    const seq = (head?.seq ?? 0) + 1
    const prevHash = head?.hash ?? GENESIS_HASH
    const id = randomUUID()
    const personalHash = personalHashOf({ payload, evidence: {}, identifier: null })
    const contentHash = contentHashOf({ id, subject, type, method: 'api', policyVersion: onmionPolicy.meta.version, occurredAt: at, recordedAt: at, idempotencyKey: null, personalHash })
    const hash = chainHash(prevHash, contentHash)
    await sql`insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at, personal_hash, prev_hash, content_hash, hash)
      values (${id}, ${subject}, ${seq}, ${type}, ${JSON.stringify(payload)}::jsonb, 'api', '{}'::jsonb, ${onmionPolicy.meta.version}, ${at.toISOString()}::timestamptz,
        ${at.toISOString()}::timestamptz, ${personalHash}, ${prevHash}, ${contentHash}, ${hash})`.execute(privacy.db)
    await sql`insert into privacy_subject_heads (subject, seq, prev_hash, hash) values (${subject}, ${seq}, ${prevHash}, ${hash})
      on conflict (subject) do update set seq = excluded.seq, prev_hash = excluded.prev_hash, hash = excluded.hash`.execute(privacy.db)
  }

  it('verifies events written before state keys (format v1); retention judges them by their payload, the audit a redacted one by its family', { timeout: 120_000 }, async () => {
    const { privacy } = await start('2026-06-15T00:00:00Z')
    const at = (iso: string) => new Date(iso)
    // u_l: a legacy objection, then a legacy lift of it, then one about another purpose.
    await appendV1(privacy, 'u_l', 'objection.recorded', { purpose: 'security_monitoring' }, at('2019-01-10T00:00:00Z'))
    await appendV1(privacy, 'u_l', 'objection.lifted', { purpose: 'security_monitoring' }, at('2019-02-10T00:00:00Z'))
    await appendV1(privacy, 'u_l', 'objection.recorded', { purpose: 'debugging_fraud_prevention' }, at('2019-03-10T00:00:00Z'))
    // u_m: a legacy objection still standing, with a new (v2) one about another purpose after it.
    await appendV1(privacy, 'u_m', 'objection.recorded', { purpose: 'security_monitoring' }, at('2019-01-10T00:00:00Z'))
    await privacy.record({ subject: 'u_m', type: 'objection.recorded', purpose: 'debugging_fraud_prevention', method: 'api' })
    expect(await stateKeys(privacy, 'u_l')).toEqual([null, null, null])
    expect((await privacy.ledger.verify()).ok).toBe(true)
    expect((await privacy.check({ subject: 'u_m', ...monitoring })).allowed).toBe(false)

    // The sweep reads a legacy row's key from its payload: only u_l's superseded objection goes.
    expect((await privacy.retention.sweep()).removed).toBe(1)
    expect((await privacy.ledger.verify()).ok).toBe(true)
    expect((await privacy.check({ subject: 'u_m', ...monitoring })).allowed).toBe(false)

    // The documented residual: a redacted legacy row has lost its purpose, so the audit asks only
    // for a later event of its family; hiding u_m's legacy objection is not detected.
    await sql`update privacy_events set ${HAND_REDACTION} where subject = 'u_m' and seq = 1`.execute(privacy.db)
    await privacy.context.ledger.invalidate(['u_m'])
    expect((await privacy.ledger.verify()).ok).toBe(true)
  })
})
