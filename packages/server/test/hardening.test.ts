import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { PrivacyError, createPrivacy, type Evidence, type Privacy } from '../src/index.js'
import { describeBackends, testKeys } from './backends.js'
import { HAND_REDACTION } from './support/ledger-tampering.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>

function nested(depth: number): Evidence {
  let value: Evidence = { leaf: true }
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

async function invalid(promise: Promise<unknown>): Promise<PrivacyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(PrivacyError)
  expect((error as PrivacyError).code).toBe('INVALID_INPUT')
  return error as PrivacyError
}

describeBackends('hostile input', (openBackend) => {
  const open: OnmionPrivacy[] = []
  const start = async (): Promise<OnmionPrivacy> => {
    const privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database, keys: testKeys() })
    open.push(privacy)
    return privacy
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()))
  })
  const count = async (privacy: OnmionPrivacy, table: 'privacy_events' | 'privacy_rights_requests' | 'privacy_legal_holds'): Promise<number> =>
    Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(privacy.db)).rows[0]!.n)

  it('refuses text PostgreSQL cannot store, reserved keys and deep nesting, naming the field, writing nothing', async () => {
    const privacy = await start()
    const base = { subject: 'u_h', type: 'restriction.set', method: 'api' } as const
    expect((await invalid(privacy.record({ ...base, evidence: { note: 'a\u0000b' } }))).field).toBe('evidence.note')
    expect((await invalid(privacy.record({ ...base, evidence: { note: 'x\ud800' } }))).field).toBe('evidence.note')
    expect((await invalid(privacy.record({ ...base, evidence: JSON.parse('{"__proto__":{"x":1}}') as Record<string, never> }))).field).toBe('evidence.__proto__')
    expect((await invalid(privacy.record({ ...base, evidence: { constructor: 'x' } }))).field).toBe('evidence.constructor')
    expect((await invalid(privacy.record({ subject: 'u_h', type: 'cookies.choice', method: 'banner', choices: JSON.parse('{"__proto__":true}') as Record<string, never> }))).field).toBe('choices.__proto__')
    expect((await invalid(privacy.record({ ...base, evidence: nested(100_000) }))).message).toContain('nests deeper')
    expect((await invalid(privacy.recordMany([base, { ...base, method: 'a\u0000' }]))).field).toBe('events[1].method')
    await invalid(privacy.rights.open({ subject: 'u_h', type: 'access', channel: 'e\u0000mail' as never }))
    await invalid(privacy.rights.open({ subject: 'u_h', type: 'access', channel: 'email', note: '\udfff' }))
    await invalid(privacy.retention.holds.place({ scope: 'subject', target: 'u_h', reason: 'r\u0000' }))
    expect(await count(privacy, 'privacy_events')).toBe(0)
    expect(await count(privacy, 'privacy_rights_requests')).toBe(0)
    expect(await count(privacy, 'privacy_legal_holds')).toBe(0)
  })

  it('refuses times outside years 0001-9999 with the field named (never a storage error)', async () => {
    const privacy = await start()
    const base = { subject: 'u_t', type: 'restriction.set', method: 'api' } as const
    expect((await invalid(privacy.record({ ...base, occurredAt: '0000-06-01T00:00:00Z' }))).field).toBe('occurredAt')
    expect((await invalid(privacy.record({ ...base, occurredAt: new Date(Date.UTC(-1, 0, 1)) }))).field).toBe('occurredAt')
    await privacy.record(base)
    expect((await invalid(privacy.rights.open({ subject: 'u_t', type: 'access', channel: 'email', receivedAt: '0000-12-31T00:00:00Z' }))).field).toBe('receivedAt')
    const request = await privacy.rights.open({ subject: 'u_t', type: 'access', channel: 'email', receivedAt: '2026-01-01T00:00:00Z' })
    expect((await invalid(privacy.rights.transition(request.id, { to: 'identity_verified', at: new Date('0000-01-01T00:00:00Z') }))).field).toBe('at')
    expect(await count(privacy, 'privacy_events')).toBe(1)
  })

  it('reads back exactly the times it stored, at the range ends and years 1, 99, 100, 1969, 1970, 9999', async () => {
    const privacy = await start()
    const times = [
      '0001-01-01T00:00:00.000Z',
      '0001-06-15T12:34:56.789Z',
      '0042-03-04T05:06:07.008Z',
      '0050-01-01T00:00:00.000Z',
      '0099-12-31T23:59:59.999Z',
      '0100-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ]
    // A far-future time is only accepted within the clock skew, so the future end is read back
    // through the rights request's extension-free field path: a time in the past is recorded.
    for (const at of times.filter((t) => t < '2026')) {
      const event = await privacy.record({ subject: 'u_years', type: 'restriction.set', method: 'api', occurredAt: at })
      expect(event.occurredAt.toISOString()).toBe(at)
    }
    const history = await privacy.history('u_years')
    expect(history.map((e) => e.occurredAt.toISOString())).toEqual(times.filter((t) => t < '2026'))
    expect(await privacy.ledger.verify()).toMatchObject({ ok: true })
    const stored = await sql<{ at: Date }>`select ${'9999-12-31T23:59:59.999Z'}::timestamptz as at`.execute(privacy.db)
    expect(stored.rows[0]!.at.toISOString()).toBe('9999-12-31T23:59:59.999Z')
    const old = await privacy.rights.open({ subject: 'u_years', type: 'access', channel: 'email', receivedAt: '0050-01-01T00:00:00Z' })
    const read = await privacy.rights.get(old.id)
    expect(read.receivedAt.toISOString()).toBe('0050-01-01T00:00:00.000Z')
  })

  it('verify reports every broken subject, not only the first', async () => {
    const privacy = await start()
    for (const subject of ['u_a', 'u_b', 'u_c', 'u_d']) {
      await privacy.record({ subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      await privacy.record({ subject, type: 'restriction.set', method: 'api' })
    }
    await sql`update privacy_events set method = 'forged' where subject in ('u_a', 'u_c') and seq = 2`.execute(privacy.db)
    await sql`delete from privacy_events where subject = 'u_d' and seq = 2`.execute(privacy.db)
    const report = await privacy.ledger.verify()
    expect(report).toMatchObject({ ok: false, subjects: 4, brokenSubjects: 3, firstBroken: { subject: 'u_a', seq: 2 } })
    expect(report.broken.map((b) => [b.subject, b.problem])).toEqual([
      ['u_a', 'content_hash_mismatch'],
      ['u_c', 'content_hash_mismatch'],
      ['u_d', 'head_mismatch'],
    ])
  })

  it('detects a redaction flag set by SQL on a withdrawal (which would flip the decision to allowed)', async () => {
    const privacy = await start()
    await privacy.record({ subject: 'u_r', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_r', type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })
    expect((await privacy.ledger.verify()).ok).toBe(true)
    await sql`update privacy_events set redacted_at = now() where subject = 'u_r' and type = 'consent.withdrawn'`.execute(privacy.db)
    expect(await privacy.ledger.verify()).toMatchObject({ ok: false, brokenSubjects: 1, firstBroken: { subject: 'u_r', seq: 2, problem: 'redaction_mismatch' } })
    // Any column a redaction empties counts, the identifier's key id too.
    await sql`update privacy_events set payload = null, evidence = null, identifier_key_id = 'k1' where subject = 'u_r' and type = 'consent.withdrawn'`.execute(privacy.db)
    expect(await privacy.ledger.verify()).toMatchObject({ ok: false, brokenSubjects: 1, firstBroken: { subject: 'u_r', seq: 2, problem: 'redaction_mismatch' } })
  })

  // A writer who also blanks the row leaves nothing the hashes can see (redacted_at is not hashed,
  // and a redacted row's personal hash stands for content removed on purpose). What they cannot
  // change are the hashed types and times, and the erasures' own records: the redaction has to
  // fit the retention rules, or be listed by an erasure.

  it('detects a withdrawal blanked and marked redacted by SQL, and the decision stays denied', { timeout: 120_000 }, async () => {
    const privacy = await start()
    await privacy.record({ subject: 'u_w', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_w', type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })
    const check = { subject: 'u_w', purpose: 'analytics', category: 'usage_data' } as const
    expect((await privacy.check(check)).allowed).toBe(false)
    await sql`update privacy_events set ${HAND_REDACTION} where subject = 'u_w' and seq = 2`.execute(privacy.db)
    await privacy.context.ledger.invalidate(['u_w'])
    const report = await privacy.ledger.verify()
    expect(report).toMatchObject({ ok: false, brokenSubjects: 1, firstBroken: { subject: 'u_w', seq: 2, problem: 'redaction_unexplained' } })
    expect(report.broken[0]?.message).toMatch(/not due under consent_records/)
    // Not "allowed" as the grant alone would say: the subject is locked to the strictest state.
    expect((await privacy.check(check)).allowed).toBe(false)
    expect(await privacy.state('u_w')).toMatchObject({ consents: { analytics: 'withdrawn' }, restricted: true, sms: { optedOut: true } })
  })

  it('detects a fresh restriction or objection blanked and marked redacted by SQL', { timeout: 120_000 }, async () => {
    const privacy = await start()
    await privacy.record({ subject: 'u_f', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_f', type: 'restriction.set', method: 'api' })
    await privacy.record({ subject: 'u_o', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_o', type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    await privacy.record({ subject: 'u_o', type: 'age.attested', status: 'at_or_above_minimum', method: 'api' })
    await sql`update privacy_events set ${HAND_REDACTION} where (subject = 'u_f' and seq = 2) or (subject = 'u_o' and seq = 2)`.execute(privacy.db)
    await privacy.context.ledger.invalidate(['u_f', 'u_o'])
    const report = await privacy.ledger.verify()
    expect(report.broken.map((b) => [b.subject, b.seq, b.problem])).toEqual([
      ['u_f', 2, 'redaction_unexplained'],
      ['u_o', 2, 'redaction_unexplained'],
    ])
    expect((await privacy.state('u_f')).restricted).toBe(true)
    expect((await privacy.check({ subject: 'u_o', purpose: 'security_monitoring', category: 'usage_data' })).allowed).toBe(false)
  })

  it('detects an opt-out redacted inside its five-year minimum', { timeout: 120_000 }, async () => {
    const privacy = await start()
    const subject = privacy.context.vault.subjectFor('phone', '+15550001111')
    await privacy.record({ subject, type: 'sms.opted_in', phone: '+15550001111', method: 'keyword' })
    await privacy.record({ subject, type: 'sms.opted_out', phone: '+15550001111', method: 'keyword' })
    await sql`update privacy_events set ${HAND_REDACTION} where subject = ${subject} and seq = 2`.execute(privacy.db)
    await privacy.context.ledger.invalidate([subject])
    const report = await privacy.ledger.verify()
    expect(report).toMatchObject({ ok: false, firstBroken: { subject, seq: 2, problem: 'redaction_unexplained' } })
    expect(report.broken[0]?.message).toMatch(/minimum of sms_opt_out_logs/)
    expect((await privacy.state(subject)).sms.optedOut).toBe(true)
    // The send gate folds the number's events itself: the hidden opt-out still stops texts.
    expect(await privacy.sms.canSend('+15550001111')).toMatchObject({ allowed: false, status: 'opted_out' })
  })

  it('tells an erasure from a hand-made redaction shaped like one: only the erasure\'s hashed record explains it', { timeout: 120_000 }, async () => {
    const privacy = await start()
    const monitoring = { purpose: 'security_monitoring', category: 'usage_data' } as const
    // By hand: every event of u_x blanked at one time, exactly as an erasure would leave them. It
    // would lift the objection; without an erasure's record it is unexplained and changes nothing.
    await privacy.record({ subject: 'u_x', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_x', type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    await sql`update privacy_events set ${HAND_REDACTION} where subject = 'u_x'`.execute(privacy.db)
    await privacy.context.ledger.invalidate(['u_x'])
    const report = await privacy.ledger.verify()
    expect(report).toMatchObject({ ok: false, firstBroken: { subject: 'u_x', seq: 1, problem: 'redaction_unexplained' } })
    expect(report.broken[0]?.message).toMatch(/no later erasure\.applied event lists it/)
    expect((await privacy.check({ subject: 'u_x', ...monitoring })).allowed).toBe(false)
    await sql`delete from privacy_events where subject = 'u_x'`.execute(privacy.db)
    await sql`delete from privacy_subject_heads where subject = 'u_x'`.execute(privacy.db)

    // Through the SDK: the erasure records what it redacted in the subject's chain, and verify holds.
    await privacy.record({ subject: 'u_e', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_e', type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    const request = await privacy.rights.open({ subject: 'u_e', type: 'erasure', channel: 'email' })
    await privacy.rights.transition(request.id, { to: 'identity_verified' })
    expect((await privacy.rights.fulfil(request.id)).erasure?.redactedEvents).toBe(2)
    const history = await privacy.history('u_e')
    const record = history.find((e) => e.type === 'erasure.applied')
    expect(record).toMatchObject({ seq: 3, erased: '1-2', redactedAt: null, method: 'erasure' })
    expect(history.filter((e) => e.redactedAt !== null).map((e) => e.redactedAt.toISOString())).toEqual([
      (record as { erasedAt: string }).erasedAt,
      (record as { erasedAt: string }).erasedAt,
    ])
    expect((await privacy.ledger.verify()).ok).toBe(true)
    expect((await privacy.check({ subject: 'u_e', ...monitoring })).allowed).toBe(true)

    // A later objection redacted by hand with the erasure's own time is not on its list.
    await privacy.record({ subject: 'u_e', type: 'objection.recorded', purpose: 'security_monitoring', method: 'api' })
    const erasedAt = (record as { erasedAt: string }).erasedAt
    await sql`update privacy_events set ${HAND_REDACTION} where subject = 'u_e' and seq = 4`.execute(privacy.db)
    await sql`update privacy_events set redacted_at = ${erasedAt}::timestamptz where subject = 'u_e' and seq = 4`.execute(privacy.db)
    await privacy.context.ledger.invalidate(['u_e'])
    expect(await privacy.ledger.verify()).toMatchObject({ ok: false, firstBroken: { subject: 'u_e', seq: 4, problem: 'redaction_unexplained' } })
    expect((await privacy.check({ subject: 'u_e', ...monitoring })).allowed).toBe(false)
    // Nor can the list be widened: it is hashed with the event.
    await sql`update privacy_events set payload = jsonb_set(payload, '{erased}', '"1-4"') where subject = 'u_e' and seq = 3`.execute(privacy.db)
    expect(await privacy.ledger.verify()).toMatchObject({ ok: false, firstBroken: { subject: 'u_e', seq: 3 } })

    // And no caller can write an erasure's record.
    const forged = { subject: 'u_e', type: 'erasure.applied', erasedAt, erased: '4', method: 'erasure' }
    expect((await invalid(privacy.record(forged as never))).field).toBe('type')
  })

  it('scopes idempotency keys to the caller: another caller neither replays nor learns of the first event', async () => {
    const privacy = await start()
    const mine = await privacy.record({ subject: 'u_secret', type: 'consent.granted', purpose: 'analytics', method: 'web_form', idempotencyKey: 'k-1' }, { caller: 'key_a' })
    const theirs = await privacy.record({ subject: 'c_other', type: 'cookies.choice', choices: { analytics: true }, method: 'banner', idempotencyKey: 'k-1' }, { caller: 'key_b' })
    expect(theirs.subject).toBe('c_other')
    expect(theirs.id).not.toBe(mine.id)
    expect(theirs.idempotencyKey).toBe('k-1')
    const replay = await privacy.record({ subject: 'u_secret', type: 'consent.granted', purpose: 'analytics', method: 'web_form', idempotencyKey: 'k-1' }, { caller: 'key_a' })
    expect(replay.id).toBe(mine.id)
    // Without a caller: the application's own scope, apart from both.
    const own = await privacy.recordMany([{ subject: 'u_app', type: 'restriction.set', method: 'api', idempotencyKey: 'k-1' }])
    expect(own[0]!.id).not.toBe(mine.id)
    const conflict = await privacy.record({ subject: 'c_x', type: 'restriction.set', method: 'api', idempotencyKey: 'k-1' }, { caller: 'key_b' }).catch((e: unknown) => e)
    expect(conflict).toMatchObject({ code: 'CONFLICT' })
    expect((conflict as Error).message).not.toContain('u_secret')
    expect((await invalid(privacy.record({ subject: 'u_z', type: 'restriction.set', method: 'api' }, { caller: '' }))).field).toBe('caller')
    expect((await privacy.ledger.verify()).ok).toBe(true)
  })
})
