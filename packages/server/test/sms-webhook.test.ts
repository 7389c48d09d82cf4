import { createHash, createHmac } from 'node:crypto'
import { onmionPolicy } from '@onmion/privacy-policy'
import { Hono } from 'hono'
import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { createPrivacy, type Privacy } from '../src/index.js'
import { fromVonageMessagesWebhook, fromVonageSmsWebhook, signVonageParams, verifyVonageMessagesJwt, verifyVonageSignature } from '../src/vonage.js'
import { describeBackends, testKeys } from './backends.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>
const SECRET = 'webhook-signature-secret'

/** The webhook endpoints an app writes: verify first, then hand the message to the SMS module. */
function webhooks(privacy: OnmionPrivacy): Hono {
  const app = new Hono()
  app.post('/webhooks/sms', async (c) => {
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()))
    const verified = verifyVonageSignature(params, { secret: SECRET, method: 'sha256' })
    if (!verified.ok) return c.text(verified.reason, 401)
    const result = await privacy.sms.handleInbound(fromVonageSmsWebhook(params))
    return c.json({ reply: result.reply?.kind ?? null })
  })
  app.post('/webhooks/messages', async (c) => {
    const raw = await c.req.text()
    const verified = verifyVonageMessagesJwt(c.req.header('authorization'), raw, { secret: SECRET })
    if (!verified.ok) return c.text(verified.reason, 401)
    const result = await privacy.sms.handleInbound(fromVonageMessagesWebhook(JSON.parse(raw)))
    return c.json({ reply: result.reply?.kind ?? null })
  })
  return app
}

const utc = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ')

describeBackends('sms webhooks', (openBackend) => {
  const open: OnmionPrivacy[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()))
  })
  const start = async (): Promise<OnmionPrivacy> => {
    const privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database, keys: testKeys() })
    open.push(privacy)
    return privacy
  }
  const recorded = async (privacy: OnmionPrivacy): Promise<number> =>
    Number((await sql<{ n: string | number }>`select (select count(*) from privacy_events) + (select count(*) from sms_inbound) as n`.execute(privacy.db)).rows[0]!.n)

  it('SMS API: a signed STOP is handled; a forged, replayed or unsigned one records nothing', async () => {
    const privacy = await start()
    const app = webhooks(privacy)
    const now = new Date()
    const params = {
      msisdn: '14155550100', to: '12015550123', messageId: '0A0000000123ABCD', text: 'STOP', type: 'text', keyword: 'STOP',
      'message-timestamp': utc(now), timestamp: String(Math.floor(now.getTime() / 1000)), nonce: 'a9ad1c0e-0001',
    }
    const post = (body: Record<string, string>) => app.request('/webhooks/sms', { method: 'POST', body: new URLSearchParams(body) })

    const forged = await post({ ...params, sig: signVonageParams(params, 'not-the-secret', 'sha256') })
    expect(forged.status).toBe(401)
    const edited = await post({ ...params, msisdn: '14155550199', sig: signVonageParams(params, SECRET, 'sha256') })
    expect(edited.status).toBe(401)
    const old = { ...params, timestamp: String(Math.floor(now.getTime() / 1000) - 3600) }
    expect((await post({ ...old, sig: signVonageParams(old, SECRET, 'sha256') })).status).toBe(401)
    expect((await post(params)).status).toBe(401)
    expect(await recorded(privacy)).toBe(0)

    const signed = await post({ ...params, sig: signVonageParams(params, SECRET, 'sha256') })
    expect(signed.status).toBe(200)
    expect(await signed.json()).toEqual({ reply: 'opt_out_confirmation' })
    expect(await privacy.sms.status('+14155550100')).toBe('opted_out')
  })

  it('Messages API: a token over the body is handled; a swapped body records nothing', async () => {
    const privacy = await start()
    const app = webhooks(privacy)
    const body = JSON.stringify({
      channel: 'sms', message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', to: '12015550123', from: '14155550111',
      timestamp: new Date().toISOString(), message_type: 'text', text: 'HELP', sms: { num_messages: '1' },
    })
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iat: Math.floor(Date.now() / 1000), jti: 'j-1', iss: 'Vonage', payload_hash: createHash('sha256').update(body).digest('hex') })}`
    const jwt = `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`
    const post = (payload: string, auth?: string) =>
      app.request('/webhooks/messages', { method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) } })

    expect((await post(body.replace('HELP', 'STOP'), `Bearer ${jwt}`)).status).toBe(401)
    expect((await post(body)).status).toBe(401)
    expect(await recorded(privacy)).toBe(0)
    const ok = await post(body, `Bearer ${jwt}`)
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ reply: 'help' })
  })

  it('a webhook missing a field is an input error naming it', () => {
    expect(() => fromVonageSmsWebhook({ to: '12015550123', messageId: 'x', 'message-timestamp': '2025-05-01 10:00:00' })).toThrow(expect.objectContaining({ field: 'msisdn' }))
    expect(() => fromVonageSmsWebhook({ msisdn: '1', to: '2', messageId: 'x', 'message-timestamp': 'yesterday' })).toThrow(expect.objectContaining({ field: 'message-timestamp' }))
    expect(fromVonageSmsWebhook({ msisdn: '1', to: '2', messageId: 'x', 'message-timestamp': '2025-05-01 10:00:00', type: 'binary', data: 'AAEC' })).toMatchObject({
      text: '',
      receivedAt: new Date('2025-05-01T10:00:00Z'),
    })
    expect(() => fromVonageMessagesWebhook({ channel: 'whatsapp' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })
})
