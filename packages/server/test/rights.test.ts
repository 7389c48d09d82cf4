import { onmionPolicy } from '@onmion/privacy-policy'
import { LEGAL_CLOCKS } from '@onmion/privacy-schema'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createPrivacy } from '../src/privacy.js'
import type { DataSource } from '../src/records/sources.js'
import { describeBackends, testKeys } from './backends.js'
import { testClock } from './support/ledger-tampering.js'

type Privacy = Awaited<ReturnType<typeof createPrivacy<typeof onmionPolicy>>>

async function rowCounts(privacy: Privacy): Promise<Record<string, number>> {
  const count = async (table: 'privacy_rights_requests' | 'privacy_rights_history' | 'privacy_events'): Promise<number> =>
    Number((await privacy.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  return { requests: await count('privacy_rights_requests'), history: await count('privacy_rights_history'), events: await count('privacy_events') }
}

async function expectError(promise: Promise<unknown>, code: string, field?: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'PrivacyError', code, ...(field === undefined ? {} : { field }) })
}

/** An application store: profiles and invoices in memory, with the retention hooks. */
function billingSource(options: { failErase?: () => boolean } = {}) {
  const profiles = new Map<string, { name: string; email: string }>()
  const invoices: { id: string; subject: string; issuedAt: Date; amount: number }[] = []
  const source: DataSource<typeof onmionPolicy> = {
    id: 'billing',
    categories: ['identifiers'],
    records: { profile: 'account_lifetime', invoice: 'accounting_records' },
    export: (subject) => [
      ...(profiles.has(subject) ? [{ kind: 'profile', ...profiles.get(subject) }] : []),
      ...invoices.filter((i) => i.subject === subject).map((i) => ({ kind: 'invoice', id: i.id, issuedAt: i.issuedAt.toISOString(), amount: i.amount })),
    ],
    erase(subject, guard) {
      if (options.failErase?.() === true) throw new Error('billing database unreachable')
      profiles.delete(subject)
      for (let i = invoices.length - 1; i >= 0; i--) {
        const invoice = invoices[i]!
        if (invoice.subject === subject && guard.mayErase('invoice', invoice.issuedAt)) invoices.splice(i, 1)
      }
    },
    rectify(subject, patch) {
      const profile = profiles.get(subject)
      if (profile) profiles.set(subject, { ...profile, ...(patch as Partial<typeof profile>) })
    },
    has: (subject) => profiles.has(subject) || invoices.some((i) => i.subject === subject),
  }
  return { source, profiles, invoices }
}

describeBackends('rights requests', (openBackend) => {
  async function open(start = '2026-01-31T09:00:00Z') {
    const { database } = await openBackend()
    const clock = testClock(start)
    const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys(), clock: clock.now })
    return { privacy, clock }
  }

  it('computes the due date: GDPR one calendar month beats the policy 30 days, and the request says so', async () => {
    const { privacy } = await open()
    try {
      await privacy.record({ subject: 'u_1', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const gdpr = await privacy.rights.open({ subject: 'u_1', type: 'access', channel: 'email', jurisdiction: 'gdpr' })
      expect(gdpr.dueAt.toISOString()).toBe('2026-02-28T09:00:00.000Z')
      expect(gdpr.deadlineRule).toBe('gdpr')
      expect(gdpr.status).toBe('received')
      expect(gdpr.history).toEqual([{ status: 'received', at: new Date('2026-01-31T09:00:00Z'), reason: null, dueAt: gdpr.dueAt }])

      const ccpa = await privacy.rights.open({ subject: 'u_1', type: 'access', channel: 'web_form', jurisdiction: 'ccpa' })
      expect(ccpa.deadlineRule).toBe('policy')
      expect(ccpa.dueAt.toISOString()).toBe('2026-03-02T09:00:00.000Z')

      const unspecified = await privacy.rights.open({ subject: 'u_1', type: 'erasure', channel: 'email' })
      expect(unspecified.jurisdictions).toEqual(LEGAL_CLOCKS.clocks.map((c) => c.id))
      expect(unspecified.deadlineRule).toBe('gdpr')

      const backdated = await privacy.rights.open({ subject: 'u_1', type: 'access', channel: 'letter', receivedAt: '2026-01-10T00:00:00Z', jurisdiction: [] })
      expect(backdated.deadlineRule).toBe('policy')
      expect(backdated.dueAt.toISOString()).toBe('2026-02-09T00:00:00.000Z')
      expect(await privacy.rights.get(gdpr.id)).toEqual(gdpr)
    } finally {
      await privacy.close()
    }
  })

  it('tracks the acknowledgement apart from the answer: CCPA 10 business days, shown by list', async () => {
    // Friday 22 May 2026, before Memorial Day: acknowledge by Monday 8 June, answer by the 30-day promise.
    const { privacy, clock } = await open('2026-05-22T15:00:00Z')
    try {
      await privacy.record({ subject: 'u_ack', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const ca = await privacy.rights.open({ subject: 'u_ack', type: 'access', channel: 'web_form', jurisdiction: 'US-CA' })
      expect(ca.jurisdictions).toEqual(['ccpa', 'ccpa_opt_out'])
      expect(ca).toMatchObject({ acknowledgeRule: 'ccpa', acknowledgedAt: null, deadlineRule: 'policy' })
      expect(ca.acknowledgeDueAt?.toISOString()).toBe('2026-06-08T15:00:00.000Z')
      expect(ca.dueAt.toISOString()).toBe('2026-06-21T15:00:00.000Z')
      expect(ca.extensionLimit?.toISOString()).toBe('2026-08-20T15:00:00.000Z')
      const br = await privacy.rights.open({ subject: 'u_ack', type: 'access', channel: 'email', jurisdiction: 'BR' })
      expect(br).toMatchObject({ deadlineRule: 'lgpd', acknowledgeDueAt: null })
      expect(br.dueAt.toISOString()).toBe('2026-06-06T15:00:00.000Z')

      const ids = (list: { id: string }[]) => list.map((r) => r.id)
      expect(ids(await privacy.rights.list({ acknowledgementOverdue: true, now: new Date('2026-06-09T00:00:00Z') }))).toEqual([ca.id])
      expect(ids(await privacy.rights.list({ acknowledgementOverdue: true, now: new Date('2026-06-08T00:00:00Z') }))).toEqual([])

      clock.set('2026-05-26T10:00:00Z')
      const acked = await privacy.rights.transition(ca.id, { to: 'acknowledged', reason: 'receipt confirmed by email' })
      expect(acked.status).toBe('received')
      expect(acked.acknowledgedAt?.toISOString()).toBe('2026-05-26T10:00:00.000Z')
      expect(acked.history.at(-1)).toMatchObject({ status: 'acknowledged', reason: 'receipt confirmed by email' })
      await expectError(privacy.rights.transition(ca.id, { to: 'acknowledged' }), 'ILLEGAL_TRANSITION', 'to')
      expect(ids(await privacy.rights.list({ acknowledgementOverdue: true, now: new Date('2026-06-09T00:00:00Z') }))).toEqual([])
      expect(ids(await privacy.rights.list({ acknowledgementOverdue: false, now: new Date('2026-06-09T00:00:00Z') }))).toEqual([br.id, ca.id])

      // An answer acknowledges too; LGPD allows no extension.
      await expectError(privacy.rights.transition(br.id, { to: 'extended', reason: 'busy', dueAt: new Date('2026-06-20T00:00:00Z') }), 'ILLEGAL_TRANSITION', 'to')
      const denied = await privacy.rights.transition(br.id, { to: 'denied', reason: 'duplicate' })
      expect(denied.acknowledgedAt?.toISOString()).toBe('2026-05-26T10:00:00.000Z')
    } finally {
      await privacy.close()
    }
  })

  it('answers a request about a subject with no data: opened and closed with "no personal data held"', async () => {
    const { privacy } = await open()
    try {
      const r = await privacy.rights.open({ subject: 'u_nobody', type: 'access', channel: 'email', jurisdiction: 'gdpr' })
      expect(r).toMatchObject({ status: 'completed', outcome: { answer: 'no personal data held', noDataHeld: true }, deadlineRule: 'gdpr' })
      expect(r.closedAt?.toISOString()).toBe('2026-01-31T09:00:00.000Z')
      expect(r.acknowledgedAt).toEqual(r.closedAt)
      expect(r.history.map((h) => [h.status, h.reason])).toEqual([
        ['received', null],
        ['completed', 'no personal data held'],
      ])
      expect(await privacy.rights.get(r.id)).toEqual(r)
      // Closed: nothing moves it, and it is never overdue.
      await expectError(privacy.rights.transition(r.id, { to: 'identity_verified' }), 'ILLEGAL_TRANSITION', 'to')
      expect(await privacy.rights.list({ overdue: true, now: new Date('2027-01-01T00:00:00Z') })).toEqual([])
      const erasure = await privacy.rights.open({ subject: 'u_nobody', type: 'erasure', channel: 'email' })
      expect(erasure.status).toBe('completed')
    } finally {
      await privacy.close()
    }
  })

  it('walks the status machine, refuses illegal moves with ILLEGAL_TRANSITION, and changes nothing when it refuses', async () => {
    const { privacy } = await open()
    try {
      await privacy.record({ subject: 'u_2', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const r = await privacy.rights.open({ subject: 'u_2', type: 'access', channel: 'email' })
      const before = await rowCounts(privacy)
      await expectError(privacy.rights.transition(r.id, { to: 'completed' }), 'ILLEGAL_TRANSITION', 'to')
      await expectError(privacy.rights.transition(r.id, { to: 'in_progress' }), 'ILLEGAL_TRANSITION', 'to')
      expect(await rowCounts(privacy)).toEqual(before)
      expect((await privacy.rights.get(r.id)).status).toBe('received')

      // A status change dated before the request's last change would put its history out of order.
      await expectError(privacy.rights.transition(r.id, { to: 'identity_verified', at: new Date('2026-01-30T00:00:00Z') }), 'INVALID_INPUT', 'at')
      expect(await rowCounts(privacy)).toEqual(before)
      await privacy.rights.transition(r.id, { to: 'identity_verified' })
      await privacy.rights.transition(r.id, { to: 'in_progress' })
      const done = await privacy.rights.transition(r.id, { to: 'completed' })
      expect(done.status).toBe('completed')
      expect(done.closedAt).not.toBeNull()
      expect(done.history.map((h) => h.status)).toEqual(['received', 'identity_verified', 'in_progress', 'completed'])

      const closed = await rowCounts(privacy)
      for (const to of ['identity_verified', 'in_progress', 'completed'] as const) await expectError(privacy.rights.transition(r.id, { to }), 'ILLEGAL_TRANSITION', 'to')
      await expectError(privacy.rights.transition(r.id, { to: 'denied', reason: 'late' }), 'ILLEGAL_TRANSITION', 'to')
      await expectError(privacy.rights.transition(r.id, { to: 'extended', reason: 'late', dueAt: new Date('2026-04-01') }), 'ILLEGAL_TRANSITION', 'to')
      await expectError(privacy.rights.fulfil(r.id), 'ILLEGAL_TRANSITION', 'status')
      expect(await rowCounts(privacy)).toEqual(closed)
      expect(await privacy.rights.get(r.id)).toEqual(done)

      const denied = await privacy.rights.open({ subject: 'u_2', type: 'erasure', channel: 'email' })
      await expectError(privacy.rights.transition(denied.id, { to: 'denied' } as never), 'INVALID_INPUT', 'reason')
      const d = await privacy.rights.transition(denied.id, { to: 'denied', reason: 'identity could not be verified' })
      expect(d.status).toBe('denied')
      expect(d.history.at(-1)).toMatchObject({ status: 'denied', reason: 'identity could not be verified' })
      await expectError(privacy.rights.transition(denied.id, { to: 'identity_verified' }), 'ILLEGAL_TRANSITION', 'to')
      await expectError(privacy.rights.get('rr_missing'), 'NOT_FOUND', 'id')
    } finally {
      await privacy.close()
    }
  })

  it('extends once where a law allows it, up to the law limit, and never without a law', async () => {
    const { privacy, clock } = await open('2026-03-01T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_3', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const ccpa = await privacy.rights.open({ subject: 'u_3', type: 'access', channel: 'email', jurisdiction: 'ccpa' })
      expect(ccpa.dueAt.toISOString()).toBe('2026-03-31T00:00:00.000Z')
      const before = await rowCounts(privacy)
      await expectError(privacy.rights.transition(ccpa.id, { to: 'extended', reason: 'complex request', dueAt: new Date('2026-06-01T00:00:00Z') }), 'INVALID_INPUT', 'dueAt')
      await expectError(privacy.rights.transition(ccpa.id, { to: 'extended', reason: 'complex request', dueAt: new Date('2026-03-15T00:00:00Z') }), 'INVALID_INPUT', 'dueAt')
      expect(await rowCounts(privacy)).toEqual(before)

      const extended = await privacy.rights.transition(ccpa.id, { to: 'extended', reason: 'complex request', dueAt: new Date('2026-05-30T00:00:00Z') })
      expect(extended.dueAt.toISOString()).toBe('2026-05-30T00:00:00.000Z')
      expect(extended.extended).toBe(true)
      expect(extended.status).toBe('received')
      expect(extended.history.at(-1)).toMatchObject({ status: 'extended', reason: 'complex request', dueAt: new Date('2026-05-30T00:00:00Z') })
      await expectError(privacy.rights.transition(ccpa.id, { to: 'extended', reason: 'again', dueAt: new Date('2026-05-30T00:00:00Z') }), 'ILLEGAL_TRANSITION', 'to')

      const policyOnly = await privacy.rights.open({ subject: 'u_3', type: 'access', channel: 'email', jurisdiction: [] })
      await expectError(privacy.rights.transition(policyOnly.id, { to: 'extended', reason: 'busy', dueAt: new Date('2026-04-15T00:00:00Z') }), 'ILLEGAL_TRANSITION', 'to')

      const late = await privacy.rights.open({ subject: 'u_3', type: 'access', channel: 'email', jurisdiction: 'gdpr' })
      clock.set('2026-04-05T00:00:00Z')
      await expectError(privacy.rights.transition(late.id, { to: 'extended', reason: 'too late', dueAt: new Date('2026-05-01T00:00:00Z') }), 'ILLEGAL_TRANSITION', 'to')
    } finally {
      await privacy.close()
    }
  })

  it('refuses bad input with a typed error naming the field, and writes nothing', async () => {
    const { privacy } = await open()
    try {
      await privacy.record({ subject: 'u_4', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const before = await rowCounts(privacy)
      await expectError(privacy.rights.open({ subject: 'u_4', type: 'deletion_please' as never, channel: 'email' }), 'INVALID_INPUT', 'type')
      await expectError(privacy.rights.open({ subject: 'ada@example.com', type: 'access', channel: 'email' }), 'INVALID_INPUT', 'subject')
      await expectError(privacy.rights.open({ subject: 'u_4', type: 'access', channel: '' as never }), 'INVALID_INPUT', 'channel')
      await expectError(privacy.rights.open({ subject: 'u_4', type: 'access', channel: 'email', jurisdiction: 'mars' }), 'INVALID_INPUT', 'jurisdiction')
      await expectError(privacy.rights.open({ subject: 'u_4', type: 'access', channel: 'email', jurisdiction: ['gdpr', 'US-ZZ'] }), 'INVALID_INPUT', 'jurisdiction[1]')
      await expectError(privacy.rights.open({ subject: 'u_4', type: 'access', channel: 'email', receivedAt: '2026-03-01T00:00:00Z' }), 'INVALID_INPUT', 'receivedAt')
      await expectError(privacy.rights.open({ subject: 'u_4', type: 'access', channel: 'email', extra: 1 } as never), 'INVALID_INPUT')
      await expectError(privacy.rights.export('u_nobody'), 'NOT_FOUND', 'subject')
      await expectError(privacy.rights.list({ status: 'lost' as never }), 'INVALID_INPUT', 'status')
      // A mistyped filter is refused, never ignored (ignoring it would list every request).
      await expectError(privacy.rights.list({ overdue: 'yes' as never }), 'INVALID_INPUT', 'overdue')
      await expectError(privacy.rights.list({ dueBefore: '2026-03-01' as never }), 'INVALID_INPUT', 'dueBefore')
      await expectError(privacy.rights.list({ now: new Date(Number.NaN) }), 'INVALID_INPUT', 'now')
      await expectError(privacy.rights.list({ type: 'deletion_please' as never }), 'INVALID_INPUT', 'type')
      await expectError(privacy.rights.list({ limit: 0 }), 'INVALID_INPUT', 'limit')
      await expectError(privacy.rights.list({ overdue: true, sort: 'due' } as never), 'INVALID_INPUT', 'sort')
      expect(await rowCounts(privacy)).toEqual(before)
    } finally {
      await privacy.close()
    }
  })

  it('lists by status, overdue and due date', async () => {
    const { privacy, clock } = await open('2026-01-05T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_5', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const a = await privacy.rights.open({ subject: 'u_5', type: 'access', channel: 'email', jurisdiction: [] }) // due 02-04
      clock.set('2026-01-20T00:00:00Z')
      const b = await privacy.rights.open({ subject: 'u_5', type: 'erasure', channel: 'email', jurisdiction: [] }) // due 02-19
      clock.set('2026-01-20T00:01:00Z')
      const c = await privacy.rights.open({ subject: 'u_5', type: 'portability', channel: 'email', jurisdiction: [] })
      await privacy.rights.transition(c.id, { to: 'denied', reason: 'duplicate' })
      await privacy.rights.transition(b.id, { to: 'identity_verified' })

      const ids = (list: { id: string }[]) => list.map((r) => r.id)
      expect(ids(await privacy.rights.list())).toEqual([a.id, b.id, c.id])
      expect(ids(await privacy.rights.list({ status: 'received' }))).toEqual([a.id])
      expect(ids(await privacy.rights.list({ status: ['identity_verified', 'denied'] }))).toEqual([b.id, c.id])
      expect(ids(await privacy.rights.list({ overdue: true, now: new Date('2026-02-10T00:00:00Z') }))).toEqual([a.id])
      expect(ids(await privacy.rights.list({ overdue: true, now: new Date('2026-03-01T00:00:00Z') }))).toEqual([a.id, b.id])
      expect(ids(await privacy.rights.list({ overdue: false, now: new Date('2026-02-10T00:00:00Z') }))).toEqual([b.id, c.id])
      expect(ids(await privacy.rights.list({ dueBefore: new Date('2026-02-10T00:00:00Z') }))).toEqual([a.id])
      expect(ids(await privacy.rights.list({ type: 'erasure' }))).toEqual([b.id])
    } finally {
      await privacy.close()
    }
  })

  it('exports one JSON bundle: manifest and every source, identifiers decrypted for the subject', async () => {
    const { privacy } = await open('2026-05-01T00:00:00Z')
    try {
      const billing = billingSource()
      privacy.rights.registerSource(billing.source)
      billing.profiles.set('u_6', { name: 'Ada', email: 'ada@example.com' })
      billing.invoices.push({ id: 'inv-1', subject: 'u_6', issuedAt: new Date('2025-02-01T00:00:00Z'), amount: 120 })
      await privacy.record({ subject: 'u_6', type: 'sms.opted_in', phone: '+15551234567', method: 'signed_form', evidence: { formId: 'F-1' } })
      await privacy.record({ subject: 'u_6', type: 'objection.recorded', purpose: 'security_monitoring', method: 'email' })

      const r = await privacy.rights.open({ subject: 'u_6', type: 'portability', channel: 'email' })
      await privacy.rights.transition(r.id, { to: 'identity_verified' })
      const { request, bundle } = await privacy.rights.fulfil(r.id)
      expect(request.status).toBe('completed')
      expect(request.outcome).toEqual({ exportedAt: '2026-05-01T00:00:00.000Z', records: { ledger: 2, privacy_contacts: 0, billing: 2 } })
      expect(bundle).toBeDefined()
      const parsed = JSON.parse(JSON.stringify(bundle))
      expect(parsed.manifest).toMatchObject({ subject: 'u_6', policyVersion: '1.0.0', generatedAt: '2026-05-01T00:00:00.000Z' })
      expect(parsed.manifest.sources.map((s: { id: string }) => s.id)).toEqual(['ledger', 'privacy_contacts', 'billing'])
      const identifiers = parsed.manifest.categories.find((c: { id: string }) => c.id === 'identifiers')
      expect(identifiers.purposes.map((p: { id: string }) => p.id)).toContain('transactional_sms')
      expect(identifiers.recipients.map((p: { id: string }) => p.id)).toContain('sms_delivery')
      expect(identifiers.retention.rule).toBe('account_lifetime')
      const billingKinds = parsed.manifest.sources.find((s: { id: string }) => s.id === 'billing').recordKinds
      expect(billingKinds).toContainEqual({ kind: 'invoice', retention: expect.objectContaining({ rule: 'accounting_records', minimum: 'P7Y' }) })
      expect(parsed.records.ledger[0]).toMatchObject({ type: 'sms.opted_in', phone: '+15551234567', evidence: { formId: 'F-1' } })
      expect(parsed.records.ledger[1]).toMatchObject({ type: 'objection.recorded', purpose: 'security_monitoring' })
      expect(parsed.records.billing).toContainEqual({ kind: 'profile', name: 'Ada', email: 'ada@example.com' })
      // The request keeps counts, never the data.
      expect(JSON.stringify(request.outcome)).not.toContain('Ada')
      expect(privacy.rights.sources()).toEqual(['ledger', 'privacy_contacts', 'billing'])
    } finally {
      await privacy.close()
    }
  })

  it("exports the ledger's events exactly as history() reads them, as JSON: every field in its order, redacted events too", async () => {
    const { privacy } = await open('2026-05-01T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_8', type: 'consent.granted', purpose: 'analytics', method: 'banner', evidence: { page: '/settings', seen: [1, 2] }, idempotencyKey: 'k-8' })
      await privacy.record({ subject: 'u_8', type: 'sms.opted_in', phone: '+15551234567', method: 'signed_form', evidence: { formId: 'F-1' } })
      await privacy.record({ subject: 'u_8', type: 'consent.withdrawn', purpose: 'analytics', method: 'banner' })
      // Rows edited by hand (verify reports both): the SMS event redacted as retention does, and a
      // stored payload with a `__proto__` key, which must stay a key of the exported record.
      await sql`update privacy_events set payload = null, evidence = null, identifier_kind = null, identifier_key_id = null, identifier_ciphertext = null,
          identifier_lookup = null, redacted_at = ${new Date('2026-04-01T12:00:00.123Z')} where subject = 'u_8' and seq = 2`.execute(privacy.db)
      await sql`update privacy_events set payload = '{"__proto__": {"x": 1}, "purpose": "analytics"}'::jsonb where subject = 'u_8' and seq = 3`.execute(privacy.db)

      const bundle = await privacy.rights.export('u_8')
      const history = await privacy.history('u_8')
      expect(history.map((e) => e.redactedAt === null)).toEqual([true, false, true])
      expect(JSON.stringify(bundle.records.ledger)).toBe(JSON.stringify(history))
      expect(bundle.records.ledger).toStrictEqual(JSON.parse(JSON.stringify(history)))
      expect(Object.keys(bundle.records.ledger?.[2] as object)).toContain('__proto__')
    } finally {
      await privacy.close()
    }
  })

  it('erases every source, keeps what the policy obliges (invoices 7 years, SMS opt-outs 5 years) and says until when', async () => {
    const { privacy, clock } = await open('2024-03-01T00:00:00Z')
    try {
      const billing = billingSource()
      privacy.rights.registerSource(billing.source)
      billing.profiles.set('u_7', { name: 'Grace', email: 'grace@example.com' })
      billing.invoices.push(
        { id: 'inv-old', subject: 'u_7', issuedAt: new Date('2018-01-01T00:00:00Z'), amount: 10 },
        { id: 'inv-new', subject: 'u_7', issuedAt: new Date('2025-01-01T00:00:00Z'), amount: 20 },
      )
      await privacy.record({ subject: 'u_7', type: 'consent.granted', purpose: 'analytics', method: 'banner', evidence: { ip: 'hash' } })
      await privacy.record({ subject: 'u_7', type: 'sms.opted_out', phone: '+15557654321', method: 'keyword' })
      clock.set('2026-06-01T00:00:00Z')
      await privacy.record({ subject: 'u_7', type: 'age.attested', status: 'at_or_above_minimum', method: 'signup' })

      const r = await privacy.rights.open({ subject: 'u_7', type: 'erasure', channel: 'email' })
      await privacy.rights.transition(r.id, { to: 'identity_verified' })
      const { request, erasure } = await privacy.rights.fulfil(r.id)
      expect(request.status).toBe('completed')
      expect(erasure?.failed).toBe(false)
      expect(erasure?.redactedEvents).toBe(2)
      expect(erasure?.kept).toEqual([
        { source: 'ledger', kind: 'sms.opted_out', rule: 'sms_opt_out_logs', reason: 'minimum', count: 1, until: '2029-03-01T00:00:00.000Z' },
        { source: 'billing', kind: 'invoice', rule: 'accounting_records', reason: 'minimum', count: 1, until: '2032-01-01T00:00:00.000Z' },
      ])
      expect(billing.invoices.map((i) => i.id)).toEqual(['inv-new'])
      expect(billing.profiles.has('u_7')).toBe(false)

      const history = await privacy.history('u_7')
      // The two erased events are redacted, the opt-out under its minimum stands, and the erasure
      // recorded what it redacted (positions 1 and 3) in the chain.
      expect(history.map((e) => [e.type, e.redactedAt === null])).toEqual([
        ['consent.granted', false],
        ['sms.opted_out', true],
        ['age.attested', false],
        ['erasure.applied', true],
      ])
      expect(history[3]).toMatchObject({ erased: '1,3', erasedAt: history[0]!.redactedAt?.toISOString() })
      const redacted = await privacy.db.selectFrom('privacy_events').selectAll().where('subject', '=', 'u_7').where('redacted_at', 'is not', null).execute()
      for (const row of redacted) expect([row.payload, row.evidence, row.identifier_ciphertext, row.identifier_lookup]).toEqual([null, null, null, null])
      expect((await privacy.state('u_7')).sms.optedOut).toBe(true)
      expect((await privacy.ledger.verify()).ok).toBe(true)
      expect(request.outcome).toMatchObject({ erasure: { kept: erasure?.kept } })
    } finally {
      await privacy.close()
    }
  })

  it('leaves an erasure in progress, with the failure recorded, when a source fails; a retry completes it', async () => {
    const { privacy } = await open('2026-06-01T00:00:00Z')
    try {
      let failing = true
      const billing = billingSource({ failErase: () => failing })
      privacy.rights.registerSource(billing.source)
      billing.profiles.set('u_8', { name: 'Linus', email: 'l@example.com' })
      const r = await privacy.rights.open({ subject: 'u_8', type: 'erasure', channel: 'email' })
      await privacy.rights.transition(r.id, { to: 'identity_verified' })
      const first = await privacy.rights.fulfil(r.id)
      expect(first.request.status).toBe('in_progress')
      expect(first.erasure?.failed).toBe(true)
      expect(first.request.outcome).toMatchObject({ erasure: { failed: true, sources: expect.arrayContaining([{ source: 'billing', status: 'failed', error: 'Error: billing database unreachable' }]) } })
      expect(await privacy.rights.list({ status: 'completed' })).toEqual([])

      failing = false
      const second = await privacy.rights.fulfil(r.id)
      expect(second.request.status).toBe('completed')
      expect(billing.profiles.has('u_8')).toBe(false)
      expect(second.request.history.map((h) => h.status)).toEqual(['received', 'identity_verified', 'in_progress', 'completed'])
    } finally {
      await privacy.close()
    }
  })

  it('keeps everything of a subject under a legal hold, and reports the hold', async () => {
    const { privacy } = await open('2026-06-01T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_9', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const hold = await privacy.retention.holds.place({ scope: 'subject', target: 'u_9', reason: 'litigation 2026-17' })
      const r = await privacy.rights.open({ subject: 'u_9', type: 'erasure', channel: 'email' })
      await privacy.rights.transition(r.id, { to: 'identity_verified' })
      const { erasure } = await privacy.rights.fulfil(r.id)
      expect(erasure?.redactedEvents).toBe(0)
      expect(erasure?.kept).toEqual([{ source: 'ledger', kind: 'consent.granted', rule: 'consent_records', reason: 'legal_hold', count: 1, until: null }])
      await privacy.retention.holds.release(hold.id, { reason: 'case closed' })
      expect(await privacy.retention.holds.list({ active: true })).toEqual([])
    } finally {
      await privacy.close()
    }
  })

  it('restriction: check() denies all processing but storage until lifted', async () => {
    const { privacy } = await open('2026-06-01T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_10', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const ask = { subject: 'u_10', purpose: 'service_delivery', category: 'work_order_data' } as const
      expect(await privacy.check(ask)).toMatchObject({ allowed: true })
      expect(await privacy.check({ subject: 'u_10', purpose: 'analytics', category: 'usage_data' })).toMatchObject({ allowed: true })

      const r = await privacy.rights.open({ subject: 'u_10', type: 'restriction', channel: 'email' })
      await privacy.rights.transition(r.id, { to: 'identity_verified' })
      const { request } = await privacy.rights.fulfil(r.id)
      expect(request.status).toBe('completed')
      expect(await privacy.check(ask)).toMatchObject({ allowed: false, reason: 'restricted' })
      expect(await privacy.check({ subject: 'u_10', purpose: 'analytics', category: 'usage_data' })).toMatchObject({ allowed: false, reason: 'restricted' })
      expect(await privacy.check({ ...ask, operation: 'store' })).toMatchObject({ allowed: true })
      expect(await privacy.check({ subject: 'u_10', purpose: 'legal_compliance', category: 'identifiers' })).toMatchObject({ allowed: true })
      expect((await privacy.history('u_10')).at(-1)).toMatchObject({ type: 'restriction.set', method: 'rights_request', evidence: { requestId: r.id } })

      const lifted = await privacy.rights.lift(r.id, { reason: 'accuracy confirmed' })
      expect(lifted.history.at(-1)).toMatchObject({ status: 'lifted', reason: 'accuracy confirmed' })
      expect(await privacy.check(ask)).toMatchObject({ allowed: true })
      await expectError(privacy.rights.lift(r.id, { reason: 'again' }), 'ILLEGAL_TRANSITION', 'status')
    } finally {
      await privacy.close()
    }
  })

  it('objection: check() denies the legitimate-interest purposes objected to, nothing else, until lifted', async () => {
    const { privacy } = await open('2026-06-01T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_11', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const security = { subject: 'u_11', purpose: 'security_monitoring', category: 'usage_data' } as const
      const fraud = { subject: 'u_11', purpose: 'debugging_fraud_prevention', category: 'usage_data' } as const
      const analytics = { subject: 'u_11', purpose: 'analytics', category: 'usage_data' } as const
      expect(await privacy.check(security)).toMatchObject({ allowed: true, reason: 'allowed_legitimate_interest' })

      const bad = await privacy.rights.open({ subject: 'u_11', type: 'objection', channel: 'email' })
      await privacy.rights.transition(bad.id, { to: 'identity_verified' })
      await expectError(privacy.rights.fulfil(bad.id, { purposes: ['service_delivery'] }), 'INVALID_INPUT', 'purposes[0]')
      expect((await privacy.rights.get(bad.id)).status).toBe('identity_verified')

      const { request } = await privacy.rights.fulfil(bad.id, { purposes: ['security_monitoring'] })
      expect(request.outcome).toMatchObject({ objection: { purposes: ['security_monitoring'] } })
      expect(await privacy.check(security)).toMatchObject({ allowed: false, reason: 'objected' })
      expect(await privacy.check(fraud)).toMatchObject({ allowed: true })
      expect(await privacy.check(analytics)).toMatchObject({ allowed: true })

      const all = await privacy.rights.open({ subject: 'u_11', type: 'objection', channel: 'email' })
      await privacy.rights.transition(all.id, { to: 'identity_verified' })
      await privacy.rights.fulfil(all.id)
      expect(await privacy.check(fraud)).toMatchObject({ allowed: false, reason: 'objected' })

      await privacy.rights.lift(all.id, { reason: 'subject withdrew the objection' })
      expect(await privacy.check(fraud)).toMatchObject({ allowed: true })
      expect(await privacy.check(security)).toMatchObject({ allowed: true })
    } finally {
      await privacy.close()
    }
  })

  it('rectification: calls each source that can correct, reports those that cannot, and needs a patch', async () => {
    const { privacy } = await open('2026-06-01T00:00:00Z')
    try {
      const billing = billingSource()
      privacy.rights.registerSource(billing.source)
      billing.profiles.set('u_12', { name: 'Ada Lovelace', email: 'old@example.com' })
      const r = await privacy.rights.open({ subject: 'u_12', type: 'rectification', channel: 'email' })
      await privacy.rights.transition(r.id, { to: 'identity_verified' })
      await expectError(privacy.rights.fulfil(r.id), 'INVALID_INPUT', 'patch')
      const { request } = await privacy.rights.fulfil(r.id, { patch: { email: 'new@example.com' } })
      expect(request.status).toBe('completed')
      expect(billing.profiles.get('u_12')?.email).toBe('new@example.com')
      expect(request.outcome).toEqual({
        rectification: [
          { source: 'ledger', status: 'skipped', error: null },
          { source: 'privacy_contacts', status: 'rectified', error: null },
          { source: 'billing', status: 'rectified', error: null },
        ],
      })
    } finally {
      await privacy.close()
    }
  })
})

describe('source registration', () => {
  it('refuses a source with an unknown category or rule, a duplicate id, or the ledger id', async () => {
    const privacy = await createPrivacy({ policy: onmionPolicy, database: 'memory://' })
    try {
      const base = { export: () => [], erase: () => undefined }
      expect(() => privacy.rights.registerSource({ id: 'crm', categories: ['shoe_size' as never], ...base })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'source.categories[0]' }))
      expect(() => privacy.rights.registerSource({ id: 'crm', categories: ['identifiers'], records: { note: 'forever' as never }, ...base })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', field: 'source.records.note' }),
      )
      expect(() => privacy.rights.registerSource({ id: 'ledger', categories: ['identifiers'], ...base })).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
      privacy.rights.registerSource({ id: 'crm', categories: ['identifiers'], ...base })
      expect(() => privacy.rights.registerSource({ id: 'crm', categories: ['identifiers'], ...base })).toThrow(expect.objectContaining({ code: 'CONFLICT', field: 'source.id' }))
      expect(privacy.rights.sources()).toEqual(['ledger', 'privacy_contacts', 'crm'])
    } finally {
      await privacy.close()
    }
  })
})
