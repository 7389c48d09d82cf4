import { createHash, createHmac, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { onmionPolicy } from '@onmion/privacy-policy'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'

const SIGNATURE_SECRET = 'test-signature-secret-0123456789'
const JWT_SECRET = 'test-jwt-secret-0123456789abcdef'

/** Signs SMS API webhook parameters as Vonage documents it (HMAC-SHA256, upper-case hex). */
function signVonage(params: Record<string, string>, secret = SIGNATURE_SECRET): Record<string, string> {
  const base = Object.keys(params)
    .sort()
    .map((k) => `&${k}=${params[k]!.replace(/[&=]/g, '_')}`)
    .join('')
  return { ...params, sig: createHmac('sha256', secret).update(base).digest('hex').toUpperCase() }
}

/** A Messages API webhook token: HS256 over the claims, payload_hash = SHA-256 of the body. */
function messagesJwt(body: string, secret = JWT_SECRET, iat = Math.floor(Date.now() / 1000)): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ iat, jti: randomUUID(), payload_hash: createHash('sha256').update(body).digest('hex') })}`
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`
}

/** Vonage's `message-timestamp`: when it received the message, UTC, "YYYY-MM-DD HH:MM:SS". */
const received = (at = new Date()) => at.toISOString().slice(0, 19).replace('T', ' ')

const form = (params: Record<string, string>) => new URLSearchParams(params).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

/** A stand-in for Vonage's SMS API send endpoint (POST /sms/json), recording what it was sent. */
async function fakeVonage(): Promise<{ url: string; sent: Record<string, string>[]; server: Server }> {
  const sent: Record<string, string>[] = []
  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const params = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(raw) as Record<string, string>) : Object.fromEntries(new URLSearchParams(raw))
      sent.push(params)
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ 'message-count': '1', messages: [{ to: params.to, 'message-id': randomUUID(), status: '0', 'remaining-balance': '10.0', 'message-price': '0.01', network: '310260' }] }))
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent, server }
}

const ALL_SCOPES = ['consent:read', 'consent:write', 'decisions', 'rights:manage', 'retention:run', 'admin'] as const

/** Exactly what the browser client sends. */
function browserEvent(subject: string) {
  return {
    subject,
    type: 'cookies.choice',
    choices: { preferences: false, analytics: true },
    policyVersion: '1.0.0',
    occurredAt: new Date(Date.now() - 1000).toISOString(),
    method: 'cookie_banner',
    evidence: { source: 'banner', gpc: false },
  }
}

for (const backend of backends()) {
  describe(`consent service API on ${backend.name}`, () => {
    let db: TestDatabase
    let service: ServiceProcess
    let vonage: Awaited<ReturnType<typeof fakeVonage>>
    let admin: ReturnType<typeof client>
    const keys: Record<string, string> = {}
    const anon = () => client(service.url)

    beforeAll(async () => {
      db = await backend.create()
      vonage = await fakeVonage()
      service = await startService({
        VONAGE_API_KEY: 'key123',
        VONAGE_API_SECRET: 'secret456',
        VONAGE_REST_HOST: vonage.url,
        SMS_FROM: '12015550123',
        ...db.env,
        CONSENT_ALLOWED_ORIGINS: 'https://app.onmion.com',
        BODY_LIMIT_BYTES: '65536',
        VONAGE_SIGNATURE_SECRET: SIGNATURE_SECRET,
        VONAGE_JWT_SECRET: JWT_SECRET,
      })
      expect(service.adminKey).toMatch(/^onm_sk_[a-f0-9]{16}\./)
      admin = client(service.url, service.adminKey)
      for (const scope of ALL_SCOPES) {
        const created = await admin('POST', '/v1/keys', { name: `only ${scope}`, scopes: [scope] })
        expect(created.status).toBe(201)
        keys[scope] = created.json.key
        // A key with every scope but this one (and never admin, which implies all).
        const others = ALL_SCOPES.filter((s) => s !== scope && s !== 'admin')
        keys[`not ${scope}`] = (await admin('POST', '/v1/keys', { name: `all but ${scope}`, scopes: others })).json.key
      }
      keys.publishable = (await admin('POST', '/v1/keys', { name: 'web banner', kind: 'publishable' })).json.key
    })

    afterAll(async () => {
      await service.stop()
      await db.drop()
      vonage.server.close()
    })

    it('answers health, readiness, the policy, the rendered page, the OpenAPI document and the docs', async () => {
      expect((await anon()('GET', '/healthz')).json).toEqual({ status: 'ok' })
      expect((await anon()('GET', '/readyz')).json).toEqual({ status: 'ready', database: true, migrations: true })
      const policy = await anon()('GET', '/v1/policy')
      expect(policy.status).toBe(200)
      expect(policy.json.version).toBe('1.0.0')
      expect(policy.json.policy.purposes.map((p: { id: string }) => p.id)).toContain('analytics')
      const gpc = await anon()('GET', '/.well-known/gpc.json')
      expect(gpc.json).toEqual({ gpc: true, lastUpdate: '2026-01-01' })
      const page = await anon()('GET', '/privacy')
      expect(page.headers.get('content-type')).toMatch(/text\/html/)
      expect(page.text).toMatch(/<html/i)
      expect(page.text).toContain('privacy@onmion.com')
      // The data-flow diagram, inline, with every recipient; its style is allowed by the page's CSP hashes.
      expect(page.text).toContain('<figure class="data-flow">')
      for (const recipient of onmionPolicy.recipients) expect(page.text).toContain(`id="recipient-${recipient.id}"`)
      expect([...page.text.matchAll(/<style>/g)]).toHaveLength(2)
      expect(page.headers.get('content-security-policy')?.match(/'sha256-/g)).toHaveLength(2)
      // The trace of the same policy version, beside it: each statement with its enforcing code and tests.
      const trace = await anon()('GET', '/privacy/trace.json')
      expect(trace.json.policyVersion).toBe(policy.json.version)
      const sale = trace.json.statements.find((s: { id: string }) => s.id === '§5.we-do-not-sell-personal-information')
      expect(sale).toMatchObject({ kind: 'enforced', code: expect.arrayContaining(['packages/schema/src/sharing.ts#decideSharing']) })
      const tracePage = await anon()('GET', '/privacy/trace')
      expect(tracePage.headers.get('content-type')).toMatch(/text\/html/)
      expect(tracePage.text).toContain('We do NOT sell personal information.')
      const openapi = await anon()('GET', '/openapi.json')
      expect(openapi.json.openapi).toBe('3.1.0')
      expect(openapi.json.paths['/v1/consent-events'].post['x-required-scope']).toBe('consent:write')
      expect(openapi.json.paths['/v1/decisions'].post.requestBody.content['application/json'].schema.properties.checks.maxItems).toBe(500)
      const docs = await anon()('GET', '/docs')
      expect(docs.text).toContain('/v1/subjects/{subject}/consent')
      expect(docs.text).not.toMatch(/<script|https?:\/\/cdn/i)
    })

    it('records the browser banner event with a publishable key, once per Idempotency-Key, and projects it', async () => {
      const subject = `c_${randomUUID()}`
      const web = client(service.url, keys.publishable)
      const idempotencyKey = randomUUID()
      const first = await web('POST', '/v1/consent-events', browserEvent(subject), { 'idempotency-key': idempotencyKey, origin: 'https://app.onmion.com' })
      expect(first.status).toBe(201)
      expect(first.headers.get('access-control-allow-origin')).toBe('https://app.onmion.com')
      expect(first.json.event).toMatchObject({ subject, seq: 1, type: 'cookies.choice', policyVersion: '1.0.0' })
      const again = await web('POST', '/v1/consent-events', browserEvent(subject), { 'idempotency-key': idempotencyKey })
      expect(again.status).toBe(201)
      expect(again.json.event.id).toBe(first.json.event.id)

      const reader = client(service.url, keys['consent:read'])
      const state = await reader('GET', `/v1/subjects/${subject}/consent`)
      expect(state.json).toMatchObject({ subject, consents: { analytics: 'granted' }, restricted: false })
      const events = await reader('GET', `/v1/subjects/${subject}/events`)
      expect(events.json.events).toHaveLength(1)
      expect(events.json.events[0]).toMatchObject({ seq: 1, payload: { choices: { analytics: true, preferences: false } }, evidence: { source: 'banner', policyVersionShown: '1.0.0' } })

      const decisions = await client(service.url, keys.decisions)('POST', '/v1/decisions', {
        checks: [
          { subject, purpose: 'analytics', category: 'usage_data' },
          { subject: `c_${randomUUID()}`, purpose: 'analytics', category: 'usage_data' },
          { subject, purpose: 'not_a_purpose', category: 'usage_data' },
          { subject, purpose: 'analytics', category: 'not_a_category' },
        ],
      })
      expect(decisions.status).toBe(200)
      expect(decisions.json.decisions.map((d: { allowed: boolean; reason: string }) => [d.allowed, d.reason])).toEqual([
        [true, 'allowed_consent'],
        [false, 'consent_missing'],
        [false, 'unknown_purpose'],
        [false, 'unknown_category'],
      ])
    })

    it('answers CORS preflights for configured origins only', async () => {
      const preflight = (origin: string) =>
        fetch(`${service.url}/v1/consent-events`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
        })
      const allowed = await preflight('https://app.onmion.com')
      expect(allowed.status).toBe(204)
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.onmion.com')
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/idempotency-key/i)
      const other = await preflight('https://evil.example')
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    })

    it('limits a publishable key to cookies.choice writes for one subject', async () => {
      const web = client(service.url, keys.publishable)
      const grant = await web('POST', '/v1/consent-events', { subject: 'u_1', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      expect(grant.status).toBe(403)
      const two = await web('POST', '/v1/consent-events', { events: [browserEvent('c_a1'), browserEvent('c_b2')] })
      expect(two.status).toBe(403)
      expect((await web('GET', '/v1/subjects/c_a1/consent')).status).toBe(403)
      expect((await web('POST', '/v1/decisions', { checks: [{ subject: 'c_a1', purpose: 'analytics', category: 'usage_data' }] })).status).toBe(403)
      // Nothing was written by the refused requests.
      expect((await admin('GET', '/v1/subjects/c_a1/events')).json.events).toEqual([])
    })

    it('records a batch all or nothing, and names the bad field of a refused one', async () => {
      const writer = client(service.url, keys['consent:write'])
      const subject = `u_${randomUUID()}`
      const ok = await writer('POST', '/v1/consent-events', {
        events: [
          { subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form' },
          { subject, type: 'age.attested', status: 'at_or_above_minimum', method: 'self_declared' },
        ],
      })
      expect(ok.status).toBe(201)
      expect(ok.json.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2])

      const bad = await writer('POST', '/v1/consent-events', {
        events: [
          { subject, type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' },
          { subject, type: 'consent.granted', purpose: 'made_up_purpose', method: 'web_form' },
        ],
      })
      expect(bad.status).toBe(400)
      expect(bad.headers.get('content-type')).toBe('application/problem+json')
      expect(bad.json.errors).toEqual([{ field: 'body.events[1].purpose', message: expect.stringContaining('made_up_purpose') }])
      const events = await admin('GET', `/v1/subjects/${subject}/events`)
      expect(events.json.events).toHaveLength(2)

      const wrongType = await writer('POST', '/v1/consent-events', { subject, type: 'cookies.choice', choices: { analytics: 'yes' }, method: 'cookie_banner' })
      expect(wrongType.status).toBe(400)
      expect(wrongType.json.errors[0].field).toBe('body.choices.analytics')
      const unknownCategory = await writer('POST', '/v1/consent-events', { subject, type: 'cookies.choice', choices: { marketing: true }, method: 'cookie_banner' })
      expect(unknownCategory.status).toBe(400)
      expect(unknownCategory.json.errors[0].field).toBe('body.choices.marketing')
      const email = await writer('POST', '/v1/consent-events', { subject: 'ana@example.com', type: 'restriction.set', method: 'email' })
      expect(email.json.errors[0].field).toBe('body.subject')
      const stale = await writer('POST', '/v1/consent-events', { ...browserEvent(subject), policyVersion: '0.9.0' })
      expect(stale.status).toBe(409)
      expect(stale.json.errors[0].field).toBe('body.policyVersion')
    })

    it('refuses malformed JSON, other media types, oversized bodies and unknown routes with problem+json', async () => {
      const writer = client(service.url, keys['consent:write'])
      const malformed = await writer('POST', '/v1/consent-events', '{"subject": "u_1", ')
      expect(malformed.status).toBe(400)
      expect(malformed.json).toMatchObject({ type: '/problems/malformed-json', status: 400, instance: '/v1/consent-events' })
      const text = await writer('POST', '/v1/consent-events', 'subject=u_1', { 'content-type': 'text/plain' })
      expect(text.status).toBe(415)
      const huge = await writer('POST', '/v1/consent-events', { ...browserEvent('c_big'), evidence: { blob: 'x'.repeat(70_000) } })
      expect(huge.status).toBe(413)
      expect(huge.json.type).toBe('/problems/payload-too-large')
      expect((await admin('GET', '/v1/subjects/c_big/events')).json.events).toEqual([])
      const missing = await anon()('GET', '/v1/nothing-here')
      expect(missing.status).toBe(404)
      expect(missing.headers.get('content-type')).toBe('application/problem+json')
      const badQuery = await admin('GET', '/v1/ledger/verify?subject=a%40b.c')
      expect(badQuery.status).toBe(400)
      expect(badQuery.json.errors[0].field).toBe('query.subject')
    })

    it('enforces the scope matrix on every keyed endpoint: no key 401, wrong scope 403, right scope passes', async () => {
      const openapi = (await anon()('GET', '/openapi.json')).json as { paths: Record<string, Record<string, { 'x-required-scope'?: string }>> }
      let checked = 0
      for (const [path, operations] of Object.entries(openapi.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const scope = operation['x-required-scope']
          if (scope === undefined) continue
          const concrete = path.replace('{subject}', 'u_matrix').replace('{id}', '0123456789abcdef')
          const body = method === 'post' ? {} : undefined
          const none = await anon()(method.toUpperCase(), concrete, body)
          expect(none.status, `${method} ${path} without a key`).toBe(401)
          expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
          const wrong = await client(service.url, keys[`not ${scope}`])(method.toUpperCase(), concrete, body)
          expect(wrong.status, `${method} ${path} without ${scope}`).toBe(403)
          const right = await client(service.url, keys[scope])(method.toUpperCase(), concrete, body)
          expect([401, 403], `${method} ${path} with ${scope}`).not.toContain(right.status)
          const bogus = await client(service.url, 'onm_sk_0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')(method.toUpperCase(), concrete, body)
          expect(bogus.status).toBe(401)
          checked++
        }
      }
      expect(checked).toBeGreaterThanOrEqual(8)
    })

    it('answers the same 401/403 whether or not a subject exists', async () => {
      const subject = `u_${randomUUID()}`
      await client(service.url, keys['consent:write'])('POST', '/v1/consent-events', { subject, type: 'restriction.set', method: 'support_ticket' })
      for (const path of [`/v1/subjects/${subject}/consent`, '/v1/subjects/u_never_seen/consent']) {
        const none = await anon()('GET', path)
        const wrong = await client(service.url, keys.decisions)('GET', path)
        expect([none.status, wrong.status]).toEqual([401, 403])
        expect(none.json.detail).not.toContain('u_')
        expect(wrong.json.detail).not.toContain(subject)
      }
    })

    it('takes signed Vonage webhooks: STOP opts out, a replay or a forgery records nothing', async () => {
      const phone = `+1555${String(Date.now()).slice(-7)}`
      const subject = `u_${randomUUID()}`
      const writer = client(service.url, keys['consent:write'])
      const gate = client(service.url, keys.decisions)
      const signedAt = new Date(Date.now() - 60_000).toISOString()
      await writer('POST', '/v1/consent-events', { subject, type: 'sms.opted_in', phone, method: 'signed_form', occurredAt: signedAt, evidence: { formId: 'F-19' } })
      expect((await gate('GET', `/v1/sms/can-send?to=${encodeURIComponent(phone)}`)).json).toMatchObject({ allowed: true, reason: 'allowed' })

      const webhook = anon()
      const now = String(Math.floor(Date.now() / 1000))
      const stop = signVonage({ msisdn: phone.slice(1), to: '12015550123', text: 'STOP', messageId: `m-${randomUUID()}`, 'message-timestamp': received(), timestamp: now, type: 'text' })
      const first = await webhook('POST', '/v1/sms/inbound/vonage', form(stop), FORM)
      expect(first.status).toBe(200)
      expect(first.json).toMatchObject({ duplicate: false, kind: 'opt_out', status: 'opted_out' })
      expect(first.json.recorded).toBeGreaterThanOrEqual(1)
      // The opt-out confirmation went out through Vonage, from the program's number.
      expect(first.json.reply).toMatchObject({ kind: 'opt_out_confirmation', sent: true })
      expect(vonage.sent.at(-1)).toMatchObject({ to: phone.slice(1), from: '12015550123', text: first.json.reply.text })
      const refused = (await gate('GET', `/v1/sms/can-send?to=${encodeURIComponent(phone)}`)).json
      expect(refused).toMatchObject({ allowed: false, reason: 'opted_out' })
      const history = (await admin('GET', `/v1/subjects/${subject}/events`)).json.events as { type: string; payload: { phone?: string } }[]
      const eventsAfterStop = history.length
      // Phone numbers are masked in the event history: enough to tell them apart, not to text one.
      expect(history[0]).toMatchObject({ type: 'sms.opted_in', payload: { phone: `+1${'*'.repeat(phone.length - 6)}${phone.slice(-4)}` } })
      expect(JSON.stringify(history)).not.toContain(phone.slice(2))

      // The same delivery again (a redelivery or a captured replay inside the window): nothing new.
      const again = await webhook('POST', '/v1/sms/inbound/vonage', form(stop), FORM)
      expect(again.json).toMatchObject({ duplicate: true, recorded: 0 })
      // A replay signed long ago, a tampered message and an unsigned one are refused.
      const old = signVonage({ msisdn: phone.slice(1), to: '12015550123', text: 'START', messageId: `m-${randomUUID()}`, 'message-timestamp': received(), timestamp: String(Math.floor(Date.now() / 1000) - 900) })
      const stale = await webhook('POST', '/v1/sms/inbound/vonage', form(old), FORM)
      expect(stale.status).toBe(401)
      expect(stale.json).toMatchObject({ type: '/problems/signature-invalid', reason: 'stale_timestamp' })
      const tampered = await webhook('POST', '/v1/sms/inbound/vonage', form({ ...stop, text: 'START', messageId: `m-${randomUUID()}` }), FORM)
      expect(tampered.json).toMatchObject({ status: 401, reason: 'bad_signature' })
      const unsigned = await webhook('POST', '/v1/sms/inbound/vonage', form({ msisdn: phone.slice(1), to: '1', text: 'START', messageId: 'm-x', 'message-timestamp': received(), timestamp: now }), FORM)
      expect(unsigned.json).toMatchObject({ status: 401, reason: 'missing_signature' })
      const wrongSecret = await webhook('POST', '/v1/sms/inbound/vonage', form(signVonage({ msisdn: phone.slice(1), to: '1', text: 'START', messageId: 'm-y', 'message-timestamp': received(), timestamp: now }, 'not-the-secret')), FORM)
      expect(wrongSecret.status).toBe(401)
      expect((await admin('GET', `/v1/subjects/${subject}/events`)).json.events.length).toBe(eventsAfterStop)
      expect((await gate('GET', `/v1/sms/can-send?to=${encodeURIComponent(phone)}`)).json.allowed).toBe(false)

      // Messages API: a signed JWT over the body; START opts back in.
      const body = JSON.stringify({ channel: 'sms', message_uuid: randomUUID(), from: phone.slice(1), to: '12015550123', timestamp: new Date().toISOString(), message_type: 'text', text: 'START' })
      const start = await webhook('POST', '/v1/sms/inbound/vonage', body, { 'content-type': 'application/json', authorization: `Bearer ${messagesJwt(body)}` })
      expect(start.status).toBe(200)
      expect(start.json).toMatchObject({ kind: 'opt_in' })
      expect((await gate('GET', `/v1/sms/can-send?to=${encodeURIComponent(phone)}`)).json.allowed).toBe(true)
      const forged = await webhook('POST', '/v1/sms/inbound/vonage', body.replace('START', 'STOP'), { 'content-type': 'application/json', authorization: `Bearer ${messagesJwt(body)}` })
      expect(forged.json).toMatchObject({ status: 401, reason: 'payload_mismatch' })
      const help = signVonage({ msisdn: phone.slice(1), to: '12015550123', text: 'HELP', messageId: `m-${randomUUID()}`, 'message-timestamp': received(), timestamp: String(Math.floor(Date.now() / 1000)) })
      const helped = await webhook('POST', '/v1/sms/inbound/vonage', JSON.stringify(help), { 'content-type': 'application/json' })
      expect(helped.json.reply.text).toContain('support@onmion.com')
      expect((await gate('GET', '/v1/sms/can-send?to=not-a-number')).status).toBe(400)
    })

    it('runs rights requests through their steps, exports access requests and lists overdue ones', async () => {
      const rights = client(service.url, keys['rights:manage'])
      const subject = `u_${randomUUID()}`
      await admin('POST', '/v1/consent-events', { subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      const opened = await rights('POST', '/v1/rights-requests', { subject, type: 'access', channel: 'email', jurisdiction: 'gdpr' })
      expect(opened.status).toBe(201)
      expect(opened.json).toMatchObject({ subject, type: 'access', status: 'received', overdue: false })
      const id = opened.json.id as string
      expect((await rights('GET', `/v1/rights-requests/${id}/export`)).status).toBe(409)
      expect((await rights('POST', `/v1/rights-requests/${id}/transitions`, { to: 'identity_verified' })).json.status).toBe('identity_verified')
      const exported = await rights('GET', `/v1/rights-requests/${id}/export`)
      expect(exported.status).toBe(200)
      expect(exported.headers.get('content-disposition')).toContain(`export-${id}.json`)
      expect(exported.json.manifest.subject).toBe(subject)
      expect(JSON.stringify(exported.json.records)).toContain('analytics')
      const completed = await rights('POST', `/v1/rights-requests/${id}/transitions`, { to: 'completed' })
      expect(completed.json).toMatchObject({ status: 'completed' })
      expect(completed.json.history.map((h: { status: string }) => h.status)).toEqual(['received', 'identity_verified', 'in_progress', 'completed'])
      const illegal = await rights('POST', `/v1/rights-requests/${id}/transitions`, { to: 'in_progress' })
      expect(illegal.status).toBe(409)
      const badStep = await rights('POST', `/v1/rights-requests/${id}/transitions`, { to: 'denied' })
      expect(badStep.json.errors[0].field).toBe('body.reason')
      expect((await rights('GET', '/v1/rights-requests/rr_does_not_exist')).status).toBe(404)

      // An erasure completed over HTTP: the event is redacted, and the subject's chain shows what
      // the erasure redacted and when, which is what verify explains the redaction by.
      const erased = `u_${randomUUID()}`
      await admin('POST', '/v1/consent-events', { subject: erased, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      const erasure = await rights('POST', '/v1/rights-requests', { subject: erased, type: 'erasure', channel: 'email', jurisdiction: 'gdpr' })
      await rights('POST', `/v1/rights-requests/${erasure.json.id}/transitions`, { to: 'identity_verified' })
      expect((await rights('POST', `/v1/rights-requests/${erasure.json.id}/transitions`, { to: 'completed' })).json).toMatchObject({ status: 'completed', erasure: { redactedEvents: 1 } })
      const trail = (await admin('GET', `/v1/subjects/${erased}/events`)).json.events as { type: string; redactedAt: string | null; payload: Record<string, unknown> | null }[]
      expect(trail.map((e) => [e.type, e.redactedAt === null])).toEqual([
        ['consent.granted', false],
        ['erasure.applied', true],
      ])
      expect(trail[1]!.payload).toEqual({ erasedAt: trail[0]!.redactedAt, erased: '1' })
      expect((await admin('GET', '/v1/ledger/verify')).json.ok).toBe(true)

      const late = await rights('POST', '/v1/rights-requests', { subject, type: 'erasure', channel: 'web_form', receivedAt: new Date(Date.now() - 60 * 86_400_000).toISOString() })
      expect(late.json.overdue).toBe(true)
      expect((await rights('GET', `/v1/rights-requests/${late.json.id}/export`)).status).toBe(409)
      const overdue = (await rights('GET', '/v1/rights-requests?overdue=true')).json.requests.map((r: { id: string }) => r.id)
      expect(overdue).toContain(late.json.id)
      expect(overdue).not.toContain(id)
      const byStatus = (await rights('GET', '/v1/rights-requests?status=completed,denied')).json.requests.map((r: { id: string }) => r.id)
      expect(byStatus).toContain(id)
      expect((await rights('GET', '/v1/rights-requests?status=lost')).json.errors[0].field).toBe('query.status')
      expect((await rights('POST', '/v1/rights-requests', { subject, type: 'telepathy', channel: 'email' })).status).toBe(400)

      // California: the acknowledgement is due apart from the answer, and is recorded once.
      const ca = await rights('POST', '/v1/rights-requests', { subject, type: 'access', channel: 'web_form', jurisdiction: 'US-CA' })
      expect(ca.json).toMatchObject({ acknowledgeRule: 'ccpa', acknowledgedAt: null, acknowledgementOverdue: false, deadlineRule: 'policy' })
      expect(new Date(ca.json.acknowledgeDueAt as string).getTime()).toBeLessThan(new Date(ca.json.dueAt as string).getTime())
      const acked = await rights('POST', `/v1/rights-requests/${ca.json.id}/transitions`, { to: 'acknowledged' })
      expect(acked.json).toMatchObject({ status: 'received', acknowledgementOverdue: false })
      expect(acked.json.acknowledgedAt).not.toBeNull()
      expect((await rights('POST', `/v1/rights-requests/${ca.json.id}/transitions`, { to: 'acknowledged' })).status).toBe(409)
      // The erasure received 60 days ago, under every law by default, was never acknowledged: CCPA's 10 business days passed.
      const ackOverdue = (await rights('GET', '/v1/rights-requests?acknowledgementOverdue=true')).json.requests.map((r: { id: string }) => r.id)
      expect(ackOverdue).toContain(late.json.id)
      expect(ackOverdue).not.toContain(ca.json.id)
      expect(late.json.acknowledgementOverdue).toBe(true)
      expect((await rights('POST', '/v1/rights-requests', { subject, type: 'access', channel: 'email', jurisdiction: 'mars' })).status).toBe(400)

      // Every request is answered: about someone of whom nothing is held, with "no personal data held".
      const nobody = await rights('POST', '/v1/rights-requests', { subject: `u_${randomUUID()}`, type: 'access', channel: 'email' })
      expect(nobody.status).toBe(201)
      expect(nobody.json).toMatchObject({ status: 'completed', outcome: { answer: 'no personal data held', noDataHeld: true }, overdue: false })
    })

    it('plans retention (retention:run) and sweeps it (admin only)', async () => {
      const plan = await client(service.url, keys['retention:run'])('POST', '/v1/retention/plan', {})
      expect(plan.status).toBe(200)
      expect(plan.json.rules.map((r: { rule: string }) => r.rule)).toContain('consent_records')
      expect(plan.json.total).toBe(plan.json.rules.reduce((n: number, r: { count: number }) => n + r.count, 0))
      expect((await client(service.url, keys['retention:run'])('POST', '/v1/retention/plan', { asOf: '2030-01-01T00:00:00Z' })).json.errors[0].field).toBe('body')
      expect((await client(service.url, keys['retention:run'])('POST', '/v1/retention/sweep', {})).status).toBe(403)
      const sweep = await admin('POST', '/v1/retention/sweep', { batchSize: 500 })
      expect(sweep.json).toMatchObject({ status: 'completed' })
      expect((await admin('GET', '/v1/ledger/verify')).json.ok).toBe(true)
    })

    it('verifies the ledger (admin) and stops accepting a revoked key', async () => {
      const report = await admin('GET', '/v1/ledger/verify')
      expect(report.json).toMatchObject({ ok: true })
      expect(report.json.events).toBeGreaterThan(0)
      const created = await admin('POST', '/v1/keys', { name: 'temporary', scopes: ['consent:read'] })
      const temp = client(service.url, created.json.key)
      expect((await temp('GET', '/v1/subjects/u_x/consent')).status).toBe(200)
      expect((await admin('POST', `/v1/keys/${created.json.id}/revoke`)).json.revokedAt).not.toBeNull()
      expect((await temp('GET', '/v1/subjects/u_x/consent')).status).toBe(401)
      const listed = (await admin('GET', '/v1/keys')).json.keys as { id: string; revokedAt: string | null }[]
      expect(listed.find((k) => k.id === created.json.id)?.revokedAt).not.toBeNull()
      expect(JSON.stringify(listed)).not.toContain(created.json.key.split('.')[1])
    })
  })
}
