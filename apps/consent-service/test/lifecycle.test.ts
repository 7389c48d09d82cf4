import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'

type Outcome = { subject: string; status: number; id?: string; at: number } | { subject: string; error: string; at: number }

/** Fires `total` consent writes, `concurrency` at a time, until done or told to stop. */
async function burst(url: string, key: string, total: number, concurrency: number, onResult: (o: Outcome) => void): Promise<Outcome[]> {
  const write = client(url, key)
  const outcomes: Outcome[] = []
  let next = 0
  const worker = async () => {
    while (next < total) {
      const subject = `u_burst_${next++}_${randomUUID().slice(0, 8)}`
      let outcome: Outcome
      try {
        const answer = await write('POST', '/v1/consent-events', { subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form', evidence: { form: 'F-1' } })
        outcome = { subject, status: answer.status, id: answer.json?.event?.id, at: Date.now() }
      } catch (error) {
        outcome = { subject, error: String(error), at: Date.now() }
      }
      outcomes.push(outcome)
      onResult(outcome)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return outcomes
}

const acknowledged = (outcomes: Outcome[]) => outcomes.filter((o): o is Extract<Outcome, { status: number }> => 'status' in o && o.status === 201)

for (const backend of backends()) {
  describe(`consent service lifecycle on ${backend.name}`, () => {
    let db: TestDatabase
    let adminKey: string
    const running: ServiceProcess[] = []
    const start = async (env: Record<string, string> = {}) => {
      const service = await startService({ ...db.env, ...env })
      running.push(service)
      return service
    }

    beforeAll(async () => {
      db = await backend.create()
    })
    afterAll(async () => {
      await Promise.all(running.map((s) => s.stop('SIGKILL')))
      await db.drop()
    })

    it('prints the URL and an admin key on first start only, and shuts down gracefully on SIGTERM: in-flight requests finish', async () => {
      const first = await start()
      expect(first.stderr()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
      expect(first.adminKey).toBeDefined()
      adminKey = first.adminKey!

      const outcomes: Outcome[] = []
      let signalledAt = 0
      const done = burst(first.url, adminKey, 60, 30, (o) => {
        outcomes.push(o)
        if (signalledAt === 0 && 'status' in o) {
          signalledAt = Date.now()
          first.child.kill('SIGTERM')
        }
      })
      const [results, exit] = await Promise.all([done, first.exited])
      expect(exit.code).toBe(0)
      expect(first.stdout()).toContain('"msg":"stopped"')
      // Requests in flight when the service began shutting down were answered (the service logged
      // them after its "shutting down" line), and nothing got anything but a 201 or a refused
      // connection.
      const lines = first.stdout().trim().split('\n').map((line) => JSON.parse(line) as { msg: string; status?: number })
      const shutdownAt = lines.findIndex((line) => line.msg.startsWith('shutting down'))
      expect(shutdownAt).toBeGreaterThan(0)
      const finishedDuringShutdown = lines.slice(shutdownAt).filter((line) => line.msg === 'request' && line.status === 201)
      expect(finishedDuringShutdown.length).toBeGreaterThan(0)
      expect(acknowledged(results).length).toBeGreaterThanOrEqual(finishedDuringShutdown.length)
      for (const o of results) if ('status' in o) expect(o.status).toBe(201)

      const second = await start()
      expect(second.adminKey).toBeUndefined()
      const admin = client(second.url, adminKey)
      for (const o of acknowledged(results)) {
        const events = await admin('GET', `/v1/subjects/${o.subject}/events`)
        expect(events.json.events.map((e: { id: string }) => e.id)).toEqual([o.id])
      }
      expect((await admin('GET', '/v1/ledger/verify')).json.ok).toBe(true)
      await second.stop()
    })

    it('loses no acknowledged write when killed with SIGKILL in the middle of a burst', async () => {
      const service = await start()
      let acknowledgedCount = 0
      const results = await burst(service.url, adminKey, 400, 8, (o) => {
        if ('status' in o && o.status === 201 && ++acknowledgedCount === 40) service.child.kill('SIGKILL')
      })
      const exit = await service.exited
      expect(exit.signal).toBe('SIGKILL')
      const acked = acknowledged(results)
      expect(acked.length).toBeGreaterThanOrEqual(40)
      expect(results.some((o) => 'error' in o)).toBe(true)

      const restarted = await start()
      const admin = client(restarted.url, adminKey)
      for (const o of acked) {
        const events = await admin('GET', `/v1/subjects/${o.subject}/events`)
        expect(events.json.events.map((e: { id: string }) => e.id), o.subject).toEqual([o.id])
      }
      expect((await admin('GET', '/v1/ledger/verify')).json).toMatchObject({ ok: true })
      await restarted.stop()
    })

    it('rate-limits each key with a token bucket: 429 with Retry-After', async () => {
      const service = await start({ RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_SECOND: '0.1' })
      const admin = client(service.url, adminKey)
      const statuses: number[] = []
      let retryAfter: string | null = null
      for (let i = 0; i < 5; i++) {
        const answer = await admin('GET', '/v1/subjects/u_rate/consent')
        statuses.push(answer.status)
        if (answer.status === 429) retryAfter = answer.headers.get('retry-after')
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
      await service.stop()
    })

    it('never writes phone numbers, emails or evidence to its logs', async () => {
      const service = await start({ LOG_LEVEL: 'trace' })
      const admin = client(service.url, adminKey)
      const subject = `u_${randomUUID()}`
      await admin('POST', '/v1/consent-events', { subject, type: 'sms.opted_in', phone: '+15557654321', method: 'signed_form', evidence: { signer: 'ana@example.com', marker: 'EVIDENCE-MARKER-7' } })
      await admin('POST', '/v1/consent-events', { subject: 'ana@example.com', type: 'restriction.set', method: 'email', evidence: { marker: 'EVIDENCE-MARKER-8' } })
      await admin('POST', '/v1/consent-events', '{"subject": "+15557654321", "evidence": {"marker": "EVIDENCE-MARKER-9"')
      await admin('GET', '/v1/sms/can-send?to=%2B15557654321')
      await admin('GET', `/v1/subjects/${subject}/events`)
      await service.stop()
      const logs = service.stdout() + service.stderr()
      expect(logs).toContain('"route":"/v1/consent-events"')
      expect(logs).not.toMatch(/5557654321|ana@example\.com|EVIDENCE-MARKER/)
    })

    it.runIf(backend.name === 'postgres')('serves the same data from a second instance on the same database', async () => {
      const a = await start()
      const b = await start()
      const subject = `u_${randomUUID()}`
      const onA = client(a.url, adminKey)
      const onB = client(b.url, adminKey)
      expect((await onB('GET', `/v1/subjects/${subject}/consent`)).json.consents).toEqual({})
      await onA('POST', '/v1/consent-events', { subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      expect((await onB('GET', `/v1/subjects/${subject}/consent`)).json.consents).toEqual({ analytics: 'granted' })
      await onB('POST', '/v1/consent-events', { subject, type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })
      // A's cached state is invalidated through NOTIFY; allow it a moment to arrive.
      let consents: unknown
      for (let i = 0; i < 20; i++) {
        consents = (await onA('POST', '/v1/decisions', { checks: [{ subject, purpose: 'analytics', category: 'usage_data' }] })).json.decisions[0].reason
        if (consents === 'consent_withdrawn') break
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(consents).toBe('consent_withdrawn')
      expect((await onA('GET', `/v1/subjects/${subject}/events`)).json.events).toHaveLength(2)
      await Promise.all([a.stop(), b.stop()])
    })

    // Last: it destroys the database under a running instance.
    it.runIf(backend.name === 'postgres')('reports not ready (503) when the database is gone', async () => {
      const service = await start()
      expect((await client(service.url)('GET', '/readyz')).status).toBe(200)
      await db.drop()
      const ready = await client(service.url)('GET', '/readyz')
      expect(ready.status).toBe(503)
      expect(ready.json).toMatchObject({ status: 'not_ready', database: false })
      expect((await client(service.url)('GET', '/healthz')).status).toBe(200)
    })
  })
}
