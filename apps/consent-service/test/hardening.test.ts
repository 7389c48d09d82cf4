import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, checkContract, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

for (const backend of backends()) {
  describe(`consent service edge on ${backend.name}`, () => {
    let db: TestDatabase
    let service: ServiceProcess
    let admin: ReturnType<typeof client>

    beforeAll(async () => {
      db = await backend.create()
      service = await startService({ ...db.env, VONAGE_SIGNATURE_SECRET: 'test-signature-secret-0123456789', BODY_LIMIT_BYTES: '65536', RATE_LIMIT_PUBLIC_PER_SECOND: '0.01', RATE_LIMIT_PUBLIC_BURST: '30' })
      admin = client(service.url, service.adminKey)
    })
    afterAll(async () => {
      await service.stop()
      await db.drop()
    })

    const eventCount = async (): Promise<number> => (await admin('GET', '/v1/ledger/verify')).json.events as number

    it('answers hostile text, reserved keys, deep nesting and year 0000 with a 400 naming the field, and records nothing', async () => {
      const before = await eventCount()
      const subject = `u_${randomUUID()}`
      const base = { subject, type: 'restriction.set', method: 'api' }
      const cases: [unknown, string][] = [
        [{ ...base, evidence: { note: 'a\u0000b' } }, 'body.evidence.note'],
        [{ ...base, evidence: { note: 'x\ud800' } }, 'body.evidence.note'],
        [{ ...base, method: 'a\u0000' }, 'body.method'],
        [{ ...base, occurredAt: '0000-06-01T00:00:00Z' }, 'body.occurredAt'],
        [{ subject, type: 'cookies.choice', method: 'banner', choices: { constructor: true } }, 'body.choices.constructor'],
      ]
      for (const [body, field] of cases) {
        const answer = await admin('POST', '/v1/consent-events', body)
        expect(answer.status, field).toBe(400)
        expect(answer.headers.get('retry-after')).toBeNull()
        expect(answer.json.errors[0].field).toBe(field)
      }
      const proto = await admin('POST', '/v1/consent-events', `{"subject":"${subject}","type":"restriction.set","method":"api","evidence":{"__proto__":{"x":1}}}`)
      expect(proto.status).toBe(400)
      expect(proto.json.errors[0].field).toBe('body.evidence.__proto__')
      const deep = await admin('POST', '/v1/consent-events', `{"subject":"${subject}","type":"restriction.set","method":"api","evidence":${nested(5_000)}}`)
      expect(deep.status).toBe(400)
      expect(deep.json.errors[0].message).toContain('nests deeper')
      const loneInJson = await admin('POST', '/v1/consent-events', `{"subject":"${subject}","type":"restriction.set","method":"api","evidence":{"k":"\\ud800"}}`)
      expect(loneInJson.status).toBe(400)

      await admin('POST', '/v1/consent-events', base)
      const rights = await admin('POST', '/v1/rights-requests', { subject, type: 'rectification', channel: 'e\u0000mail' })
      expect(rights.json.errors[0].field).toBe('body.channel')
      expect((await admin('POST', '/v1/rights-requests', { subject, type: 'access', channel: 'email', note: '\udc00' })).status).toBe(400)
      expect((await admin('POST', '/v1/rights-requests', { subject, type: 'access', channel: 'email', receivedAt: '0000-01-01T00:00:00Z' })).json.errors[0].field).toBe('body.receivedAt')
      const opened = await admin('POST', '/v1/rights-requests', { subject, type: 'rectification', channel: 'email' })
      const id = opened.json.id as string
      await admin('POST', `/v1/rights-requests/${id}/transitions`, { to: 'identity_verified' })
      const patch = await admin('POST', `/v1/rights-requests/${id}/transitions`, `{"to":"completed","patch":${nested(5_000)}}`)
      expect(patch.status).toBe(400)
      expect((await admin('GET', '/v1/rights-requests/rr%00x')).json.errors[0].field).toBe('path.id')
      expect((await admin('GET', '/v1/ledger/verify?subject=a%00')).json.errors[0].field).toBe('query.subject')
      expect((await admin('POST', '/v1/keys', { name: 'k\u0000', scopes: ['consent:read'] })).json.errors[0].field).toBe('body.name')
      const webhook = await client(service.url)('POST', '/v1/sms/inbound/vonage', nested(5_000))
      expect(webhook.status).toBeLessThan(500)
      expect(await eventCount()).toBe(before + 1)
    })

    it('sends security headers on every answer, a strict CSP on the HTML pages, and a 404 that does not echo the path', async () => {
      for (const path of ['/healthz', '/v1/policy', '/docs', '/privacy', '/openapi.json', '/nope']) {
        const answer = await client(service.url)('GET', path)
        expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff')
        expect(answer.headers.get('x-frame-options'), path).toBe('DENY')
        expect(answer.headers.get('referrer-policy'), path).toBe('no-referrer')
      }
      for (const path of ['/docs', '/privacy']) {
        const csp = (await client(service.url)('GET', path)).headers.get('content-security-policy') ?? ''
        expect(csp).toContain("default-src 'none'")
        expect(csp).toContain("frame-ancestors 'none'")
        expect(csp).not.toContain('unsafe-inline')
      }
      const missing = await client(service.url)('GET', '/v1/%3Cscript%3Ealert(1)%3C%2Fscript%3E')
      expect(missing.status).toBe(404)
      expect(missing.text).not.toContain('<script>')
    })

    it('scopes Idempotency-Key to the API key: another key gets its own event and learns nothing of the first; the same key replays', async () => {
      const writer = client(service.url, (await admin('POST', '/v1/keys', { name: 'backend writer', scopes: ['consent:write'] })).json.key as string)
      const browser = client(service.url, (await admin('POST', '/v1/keys', { name: 'banner', kind: 'publishable' })).json.key as string)
      const shared = { 'idempotency-key': `k-${randomUUID()}` }
      const secret = `u_${randomUUID()}`
      const mine = await writer('POST', '/v1/consent-events', { subject: secret, type: 'consent.granted', purpose: 'analytics', method: 'web_form' }, shared)
      expect(mine.status).toBe(201)

      // The same key from another caller: before, a 409 naming the first event's type and subject.
      const visitor = `c_${randomUUID()}`
      const banner = { subject: visitor, type: 'cookies.choice', choices: { analytics: false }, policyVersion: '1.0.0', method: 'cookie_banner' }
      const theirs = await browser('POST', '/v1/consent-events', banner, shared)
      expect(theirs.status).toBe(201)
      expect(theirs.json.event).toMatchObject({ subject: visitor, seq: 1, type: 'cookies.choice' })
      expect(theirs.json.event.id).not.toBe(mine.json.event.id)
      expect(theirs.text).not.toContain(secret)
      expect(theirs.text).not.toContain('consent.granted')

      // Each caller's retry is the idempotent replay of its own event.
      const myRetry = await writer('POST', '/v1/consent-events', { subject: secret, type: 'consent.granted', purpose: 'analytics', method: 'web_form' }, shared)
      expect([myRetry.status, myRetry.json.event.id]).toEqual([201, mine.json.event.id])
      const theirRetry = await browser('POST', '/v1/consent-events', banner, shared)
      expect([theirRetry.status, theirRetry.json.event.id]).toEqual([201, theirs.json.event.id])
      expect(theirRetry.text).not.toContain(secret)
      // A different event under a key its caller already used is still a conflict, about that caller's own event only.
      const conflict = await browser('POST', '/v1/consent-events', { ...banner, choices: { analytics: true } }, shared)
      expect(conflict.status).toBe(409)
      expect(conflict.text).toContain(visitor)
      expect(conflict.text).not.toContain(secret)
    })

    it('prints the admin key once at first start', () => {
      expect(service.adminKey).toBeDefined()
      expect(service.stderr().split(service.adminKey!).length - 1).toBe(1)
    })

    it('limits requests without a valid key per client address: 429 with Retry-After, valid keys unaffected', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => client(service.url, i % 2 === 0 ? undefined : 'onm_sk_0000000000000000.bad')('GET', i % 2 === 0 ? '/v1/policy' : '/v1/subjects/u_1/consent')))
      const limited = answers.filter((a) => a.status === 429)
      expect(limited.length).toBeGreaterThan(0)
      expect(limited[0]!.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(limited[0]!.json.type).toBe('/problems/rate-limited')
      expect(answers.filter((a) => a.status >= 500)).toEqual([])
      expect((await client(service.url)('POST', '/v1/sms/inbound/vonage', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(429)
      expect((await admin('GET', '/v1/subjects/u_1/consent')).status).toBe(200)
    })

    it('reads an oversized body before answering 413, so the client sees the answer', async () => {
      const url = new URL('/v1/consent-events', service.url)
      const body = Buffer.alloc(8_000_000, 'x')
      const answer = await new Promise<{ status: number; contentType: string | null; body: string }>((done, fail) => {
        const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${service.adminKey}`, 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => (text += chunk.toString()))
          res.on('end', () => done({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, body: text }))
        })
        req.on('error', fail)
        // Written in pieces, as a slow client would: the answer must still arrive whole.
        for (let i = 0; i < body.length; i += 16_384) req.write(body.subarray(i, i + 16_384))
        req.end()
      })
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toMatchObject({ type: '/problems/payload-too-large' })
      // Sent without the harness client (it would buffer the body), so checked against the document here.
      await checkContract(service.url, { method: 'POST', path: '/v1/consent-events', status: answer.status, contentType: answer.contentType, text: answer.body })
    })
  })
}
