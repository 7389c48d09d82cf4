import { onmionPolicy } from '@onmion/privacy-policy'
import { describe, expect, it } from 'vitest'
import { createPrivacy } from '../src/privacy.js'
import type { DataSource } from '../src/records/sources.js'
import { describeBackends, testKeys } from './backends.js'
import { testClock } from './support/ledger-tampering.js'

type Privacy = Awaited<ReturnType<typeof createPrivacy<typeof onmionPolicy>>>

async function snapshot(privacy: Privacy): Promise<Record<string, number>> {
  const count = async (table: 'privacy_retention_runs' | 'privacy_retention_audit' | 'privacy_events' | 'privacy_rights_requests', redacted = false): Promise<number> => {
    let query = privacy.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'))
    if (redacted) query = (query).where('redacted_at' as never, 'is not', null)
    return Number((await query.executeTakeFirstOrThrow()).n)
  }
  return {
    runs: await count('privacy_retention_runs'),
    audit: await count('privacy_retention_audit'),
    events: await count('privacy_events'),
    redacted: await count('privacy_events', true),
    requests: await count('privacy_rights_requests'),
  }
}

/** A log store whose records are kept under a short rule and a long minimum. */
function logSource() {
  const logs: { id: number; subject: string; createdAt: Date }[] = []
  const source: DataSource<typeof onmionPolicy> = {
    id: 'audit_log',
    categories: ['usage_data'],
    records: { entry: ['usage_logs', 'accounting_records'] },
    export: (subject) => logs.filter((l) => l.subject === subject).map((l) => ({ id: l.id, at: l.createdAt.toISOString() })),
    erase(subject, guard) {
      for (let i = logs.length - 1; i >= 0; i--) if (logs[i]!.subject === subject && guard.mayErase('entry', logs[i]!.createdAt)) logs.splice(i, 1)
    },
    retention: {
      expired: (_kind, cutoff, scope) => {
        const hit = logs.filter((l) => l.createdAt <= cutoff && !scope.heldSubjects.includes(l.subject))
        return Promise.resolve({ count: hit.length, oldest: hit.reduce<Date | null>((m, l) => (m === null || l.createdAt < m ? l.createdAt : m), null) })
      },
      remove: (_kind, cutoff, scope) => {
        let removed = 0
        for (let i = logs.length - 1; i >= 0 && removed < scope.limit; i--) {
          if (logs[i]!.createdAt <= cutoff && !scope.heldSubjects.includes(logs[i]!.subject)) {
            logs.splice(i, 1)
            removed++
          }
        }
        return Promise.resolve(removed)
      },
    },
  }
  return { source, logs }
}

describeBackends('retention', (openBackend) => {
  async function open(start: string) {
    const { database } = await openBackend()
    const clock = testClock(start)
    const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys(), clock: clock.now })
    return { privacy, clock }
  }

  /** Events from 2019-2021 and 2026: some superseded and expired, some standing, some under a minimum. */
  async function seed(privacy: Privacy, clock: ReturnType<typeof testClock>): Promise<void> {
    clock.set('2019-01-10T00:00:00Z')
    await privacy.record({ subject: 'u_a', type: 'consent.granted', purpose: 'analytics', method: 'banner', evidence: { ip: 'h1' } })
    await privacy.record({ subject: 'u_b', type: 'objection.recorded', purpose: 'security_monitoring', method: 'email' })
    clock.set('2019-06-10T00:00:00Z')
    await privacy.record({ subject: 'u_a', type: 'consent.withdrawn', purpose: 'analytics', method: 'banner' })
    clock.set('2020-01-10T00:00:00Z')
    await privacy.record({ subject: 'u_c', type: 'sms.opted_out', phone: '+15550000001', method: 'keyword' })
    clock.set('2020-02-10T00:00:00Z')
    await privacy.record({ subject: 'u_c', type: 'sms.opted_in', phone: '+15550000001', method: 'keyword' })
    clock.set('2021-03-10T00:00:00Z')
    await privacy.record({ subject: 'u_d', type: 'sms.opted_out', phone: '+15550000002', method: 'keyword' })
    clock.set('2021-04-10T00:00:00Z')
    await privacy.record({ subject: 'u_d', type: 'sms.opted_in', phone: '+15550000002', method: 'keyword' })
    clock.set('2026-06-01T00:00:00Z')
    await privacy.record({ subject: 'u_a', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
    await privacy.record({ subject: 'u_c', type: 'sms.opted_out', phone: '+15550000001', method: 'reply' })
    await privacy.record({ subject: 'u_d', type: 'sms.opted_out', phone: '+15550000002', method: 'reply' })
    clock.set('2026-06-15T00:00:00Z')
  }

  it('maps every record kind to a rule of the policy', async () => {
    const { privacy } = await open('2026-06-15T00:00:00Z')
    try {
      privacy.rights.registerSource(logSource().source)
      const kinds = privacy.retention.kinds()
      for (const type of ['consent.granted', 'consent.withdrawn', 'objection.recorded', 'objection.lifted', 'restriction.set', 'restriction.lifted', 'age.attested', 'sms.opted_in', 'cookies.choice']) {
        expect(kinds).toContainEqual({ source: 'ledger', kind: type, rules: ['consent_records'], swept: true })
      }
      expect(kinds).toContainEqual({ source: 'ledger', kind: 'sms.opted_out', rules: ['sms_opt_out_logs'], swept: true })
      expect(kinds).toContainEqual({ source: 'rights', kind: 'request', rules: ['rights_requests'], swept: true })
      expect(kinds).toContainEqual({ source: 'audit_log', kind: 'entry', rules: ['usage_logs', 'accounting_records'], swept: true })
    } finally {
      await privacy.close()
    }
  })

  it('plans, then sweeps in batches: superseded expired events are redacted, standing ones and minimums kept, the chain still verifies', async () => {
    const { privacy, clock } = await open('2026-06-15T00:00:00Z')
    try {
      await seed(privacy, clock)
      const stateB = await privacy.check({ subject: 'u_b', purpose: 'security_monitoring', category: 'usage_data' })
      expect(stateB).toMatchObject({ allowed: false, reason: 'objected' })

      const before = await snapshot(privacy)
      const plan = await privacy.retention.plan()
      expect(await snapshot(privacy)).toEqual(before)
      const consent = plan.rules.find((r) => r.rule === 'consent_records')!
      // u_a's two 2019 consent events and u_c's 2020 opt-in (superseded, past five years);
      // u_d's 2021 opt-in is past five years on 2026-04-10 and superseded too.
      expect(consent.count).toBe(4)
      expect(consent.oldest).toEqual(new Date('2019-01-10T00:00:00Z'))
      expect(consent.kinds.find((k) => k.kind === 'objection.recorded')).toMatchObject({ count: 0, standing: 1 })
      const optOuts = plan.rules.find((r) => r.rule === 'sms_opt_out_logs')!
      // u_c's 2020-01 opt-out is past six years and superseded; u_d's 2021 opt-out is not past six years.
      expect(optOuts.count).toBe(1)
      expect(plan.total).toBe(5)

      const progress: number[] = []
      const report = await privacy.retention.sweep({ batchSize: 1, onProgress: (p) => progress.push(p.total) })
      expect(report.status).toBe('completed')
      expect(report.removed).toBe(5)
      expect(progress).toEqual([1, 2, 3, 4, 5])
      const audit = await privacy.retention.audit(report.runId)
      expect(audit.reduce((n, a) => n + a.count, 0)).toBe(5)
      expect(audit.every((a) => a.action === 'redacted' && a.source === 'ledger')).toBe(true)
      expect(JSON.stringify(audit)).not.toContain('+1555')

      const redacted = await privacy.db.selectFrom('privacy_events').selectAll().where('redacted_at', 'is not', null).orderBy('recorded_at').execute()
      expect(redacted.map((r) => [r.subject, r.type])).toEqual([
        ['u_a', 'consent.granted'],
        ['u_a', 'consent.withdrawn'],
        ['u_c', 'sms.opted_out'],
        ['u_c', 'sms.opted_in'],
        ['u_d', 'sms.opted_in'],
      ])
      for (const r of redacted) expect([r.payload, r.evidence, r.identifier_ciphertext, r.identifier_lookup, r.identifier_key_id]).toEqual([null, null, null, null, null])
      expect(await privacy.ledger.verify()).toMatchObject({ ok: true, redacted: 5 })

      // What check() answers is unchanged.
      expect(await privacy.check({ subject: 'u_b', purpose: 'security_monitoring', category: 'usage_data' })).toMatchObject({ allowed: false, reason: 'objected' })
      expect(await privacy.check({ subject: 'u_a', purpose: 'analytics', category: 'usage_data' })).toMatchObject({ allowed: true })
      expect((await privacy.state('u_c')).sms.optedOut).toBe(true)
      expect((await privacy.state('u_d')).sms.optedOut).toBe(true)

      // Nothing left: a second sweep removes nothing.
      expect((await privacy.retention.plan()).total).toBe(0)
      expect((await privacy.retention.sweep()).removed).toBe(0)
    } finally {
      await privacy.close()
    }
  })

  it('redacts a cookie choice only when a later choice names every category it named', async () => {
    const { privacy, clock } = await open('2019-01-10T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_k', type: 'cookies.choice', choices: { analytics: true, preferences: true }, method: 'banner' })
      await privacy.record({ subject: 'u_l', type: 'cookies.choice', choices: { analytics: true }, method: 'banner' })
      clock.set('2019-02-10T00:00:00Z')
      await privacy.record({ subject: 'u_k', type: 'cookies.choice', choices: { analytics: false }, method: 'banner' })
      await privacy.record({ subject: 'u_l', type: 'cookies.choice', choices: { analytics: false, preferences: true }, method: 'banner' })
      clock.set('2026-06-15T00:00:00Z')
      const report = await privacy.retention.sweep()
      expect(report.removed).toBe(1)
      const redacted = await privacy.db.selectFrom('privacy_events').select(['subject', 'seq']).where('redacted_at', 'is not', null).execute()
      expect(redacted).toEqual([{ subject: 'u_l', seq: 1 }])
      expect(await privacy.ledger.verify()).toMatchObject({ ok: true })
    } finally {
      await privacy.close()
    }
  })

  it('lets two sweeps run at once without redacting a row twice or losing a count', async () => {
    const { privacy, clock } = await open('2026-06-15T00:00:00Z')
    try {
      await seed(privacy, clock)
      const [a, b] = await Promise.all([privacy.retention.sweep({ batchSize: 1 }), privacy.retention.sweep({ batchSize: 1 })])
      expect(a.removed + b.removed).toBe(5)
      const audit = [...(await privacy.retention.audit(a.runId)), ...(await privacy.retention.audit(b.runId))]
      expect(audit.reduce((n, e) => n + e.count, 0)).toBe(5)
      expect(await privacy.ledger.verify()).toMatchObject({ ok: true, redacted: 5 })
    } finally {
      await privacy.close()
    }
  })

  it('walks rows recorded at the same instant across batches without skipping any', async () => {
    const { privacy, clock } = await open('2019-01-10T00:00:00Z')
    try {
      const subjects = ['u_t1', 'u_t2', 'u_t3', 'u_t4', 'u_t5']
      for (const subject of subjects) await privacy.record({ subject, type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      await privacy.record({ subject: 'u_t0', type: 'consent.granted', purpose: 'analytics', method: 'banner' }) // standing: never superseded
      clock.set('2026-06-01T00:00:00Z')
      for (const subject of subjects) await privacy.record({ subject, type: 'consent.withdrawn', purpose: 'analytics', method: 'banner' })
      clock.set('2026-06-15T00:00:00Z')
      const report = await privacy.retention.sweep({ batchSize: 2 })
      expect(report.removed).toBe(5)
      const redacted = await privacy.db.selectFrom('privacy_events').select('subject').where('redacted_at', 'is not', null).orderBy('subject').execute()
      expect(redacted.map((r) => r.subject)).toEqual(subjects)
    } finally {
      await privacy.close()
    }
  })

  it('lets a minimum win over a shorter rule and over a clock skewed within the tolerance', async () => {
    const { privacy } = await open('2026-06-15T00:00:00Z')
    try {
      const { source, logs } = logSource()
      privacy.rights.registerSource(source)
      logs.push(
        { id: 1, subject: 'u_x', createdAt: new Date('2018-01-01T00:00:00Z') }, // past seven years: removed
        { id: 2, subject: 'u_x', createdAt: new Date('2020-01-01T00:00:00Z') }, // past 13 months, under seven years: kept
        { id: 3, subject: 'u_x', createdAt: new Date('2019-06-15T12:00:00Z') }, // seven years end in 12 hours: kept
      )
      const report = await privacy.retention.sweep({ now: new Date('2026-06-15T20:00:00Z') })
      expect(report.removed).toBe(1)
      expect(logs.map((l) => l.id).sort()).toEqual([2, 3])
      expect(await privacy.retention.audit(report.runId)).toEqual([expect.objectContaining({ source: 'audit_log', kind: 'entry', rule: 'usage_logs', action: 'deleted', count: 1 })])
    } finally {
      await privacy.close()
    }
  })

  it('stops at legal holds by rule and by subject until they are released', async () => {
    const { privacy, clock } = await open('2026-06-15T00:00:00Z')
    try {
      await seed(privacy, clock)
      const ruleHold = await privacy.retention.holds.place({ scope: 'rule', target: 'consent_records', reason: 'regulator inquiry' })
      const subjectHold = await privacy.retention.holds.place({ scope: 'subject', target: 'u_c', reason: 'litigation' })
      const plan = await privacy.retention.plan()
      expect(plan.rules.find((r) => r.rule === 'consent_records')).toMatchObject({ held: true, count: 0 })
      expect(plan.rules.find((r) => r.rule === 'consent_records')!.kinds.every((k) => k.skipped === 'legal_hold')).toBe(true)
      expect(plan.total).toBe(0)
      expect((await privacy.retention.sweep()).removed).toBe(0)

      await privacy.retention.holds.release(ruleHold.id, { reason: 'inquiry closed' })
      const partial = await privacy.retention.sweep()
      expect(partial.removed).toBe(3) // u_a's two and u_d's opt-in; u_c is held
      await privacy.retention.holds.release(subjectHold.id, { reason: 'settled' })
      expect((await privacy.retention.sweep()).removed).toBe(2)
      expect(await privacy.retention.holds.list({ active: false })).toHaveLength(2)
      await expect(privacy.retention.holds.release(subjectHold.id, { reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'id' })
      await expect(privacy.retention.holds.place({ scope: 'rule', target: 'forever', reason: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'target' })
      await expect(privacy.retention.holds.place({ scope: 'subject', target: 'u_a', reason: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'reason' })
      // A hold on an e-mail address instead of a subject id would protect nothing.
      await expect(privacy.retention.holds.place({ scope: 'subject', target: 'ada@example.com', reason: 'litigation' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'target' })
      expect(await privacy.retention.holds.list()).toHaveLength(2)
    } finally {
      await privacy.close()
    }
  })

  it('refuses a now far in the future and bad options, naming the field, and changes nothing', async () => {
    const { privacy, clock } = await open('2026-06-15T00:00:00Z')
    try {
      await seed(privacy, clock)
      const before = await snapshot(privacy)
      const future = new Date('2026-06-17T00:00:00Z')
      await expect(privacy.retention.sweep({ now: future })).rejects.toMatchObject({ name: 'PrivacyError', code: 'INVALID_INPUT', field: 'now' })
      await expect(privacy.retention.plan({ now: future })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'now' })
      await expect(privacy.retention.sweep({ now: new Date('2040-01-01T00:00:00Z') })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'now' })
      await expect(privacy.retention.sweep({ now: new Date(Number.NaN) })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'now' })
      await expect(privacy.retention.sweep({ batchSize: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'batchSize' })
      await expect(privacy.retention.sweep({ resume: 'run_missing' })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'resume' })
      expect(await snapshot(privacy)).toEqual(before)
    } finally {
      await privacy.close()
    }
  })

  it('is cancellable with an AbortSignal and resumable', async () => {
    const { privacy, clock } = await open('2026-06-15T00:00:00Z')
    try {
      await seed(privacy, clock)
      const controller = new AbortController()
      const cancelled = await privacy.retention.sweep({ batchSize: 1, signal: controller.signal, onProgress: (p) => p.total === 2 && controller.abort() })
      expect(cancelled).toMatchObject({ status: 'cancelled', removed: 2 })
      const run = await privacy.db.selectFrom('privacy_retention_runs').selectAll().where('id', '=', cancelled.runId).executeTakeFirstOrThrow()
      expect(run.status).toBe('cancelled')
      expect((await privacy.retention.plan()).total).toBe(3)

      const resumed = await privacy.retention.sweep({ resume: cancelled.runId, batchSize: 2 })
      expect(resumed).toMatchObject({ runId: cancelled.runId, status: 'completed', removed: 5 })
      expect((await privacy.retention.audit(cancelled.runId)).reduce((n, a) => n + a.count, 0)).toBe(5)
      await expect(privacy.retention.sweep({ resume: cancelled.runId })).rejects.toMatchObject({ code: 'CONFLICT', field: 'resume' })
      expect((await privacy.ledger.verify()).ok).toBe(true)
    } finally {
      await privacy.close()
    }
  })

  it('deletes closed rights requests past their rule, never open ones', async () => {
    const { privacy, clock } = await open('2022-01-10T00:00:00Z')
    try {
      await privacy.record({ subject: 'u_r', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
      const closed = await privacy.rights.open({ subject: 'u_r', type: 'access', channel: 'email' })
      await privacy.rights.transition(closed.id, { to: 'denied', reason: 'duplicate' })
      const open_ = await privacy.rights.open({ subject: 'u_r', type: 'access', channel: 'email' })
      clock.set('2026-06-15T00:00:00Z')
      const plan = await privacy.retention.plan()
      expect(plan.rules.find((r) => r.rule === 'rights_requests')).toMatchObject({ count: 1, oldest: new Date('2022-01-10T00:00:00Z') })
      const report = await privacy.retention.sweep()
      expect(report.byKind).toContainEqual({ rule: 'rights_requests', source: 'rights', kind: 'request', removed: 1 })
      await expect(privacy.rights.get(closed.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
      expect((await privacy.rights.get(open_.id)).status).toBe('received')
      const history = await privacy.db.selectFrom('privacy_rights_history').select('request_id').execute()
      expect(new Set(history.map((h) => h.request_id))).toEqual(new Set([open_.id]))
    } finally {
      await privacy.close()
    }
  })
})

describe('retention with a policy lacking the ledger rules', () => {
  it('lists the ledger kinds it cannot map as unswept rather than guessing', async () => {
    const policy = { ...onmionPolicy, retention: onmionPolicy.retention.filter((r) => r.id !== 'consent_records') }
    const privacy = await createPrivacy({ policy, database: 'memory://' })
    try {
      const kinds = privacy.retention.kinds()
      expect(kinds.filter((k) => k.source === 'ledger').map((k) => k.kind)).toEqual(['sms.opted_out'])
    } finally {
      await privacy.close()
    }
  })
})
