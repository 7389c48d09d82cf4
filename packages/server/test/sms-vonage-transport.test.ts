import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SmsTransportError } from '../src/sms/transport.js'
import { createVonageTransport } from '../src/sms/vonage-transport.js'
import { startFakeVonage, type FakeVonage } from './support/fake-vonage.js'

describe('Vonage transport against a Vonage-compatible server', () => {
  let vonage: FakeVonage
  beforeAll(async () => {
    vonage = await startFakeVonage({ apiKey: 'key123', apiSecret: 'secret456' })
  })
  afterAll(() => vonage.close())

  it('sends through the SDK: credentials, Vonage number format, and the first message id back', async () => {
    const transport = createVonageTransport({ apiKey: 'key123', apiSecret: 'secret456', restHost: vonage.url })
    const before = vonage.requests.length
    const { messageId } = await transport.send({ to: '+14155550100', from: '+12015550123', text: 'A new work order has been assigned to you.' })
    expect(messageId).toMatch(/^[0-9A-F]{16}$/)
    const request = vonage.requests[before]!
    expect(request).toMatchObject({ method: 'POST', contentType: 'application/json', auth: 'basic' })
    expect(request.params).toMatchObject({ to: '14155550100', from: '12015550123', text: 'A new work order has been assigned to you.' })
  })

  it('returns the first part id of a long message', async () => {
    const transport = createVonageTransport({ apiKey: 'key123', apiSecret: 'secret456', restHost: vonage.url })
    const { messageId } = await transport.send({ to: '+14155550100', from: 'Onmion', text: 'x'.repeat(400) })
    expect(messageId).toMatch(/^[0-9A-F]{16}$/)
    expect(vonage.requests.at(-1)!.params.from).toBe('Onmion')
  })

  it('turns bad credentials into an SmsTransportError with Vonage status 4', async () => {
    const transport = createVonageTransport({ apiKey: 'key123', apiSecret: 'wrong', restHost: vonage.url })
    const error = await transport.send({ to: '+14155550100', from: '12015550123', text: 'hi' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmsTransportError)
    expect(error).toMatchObject({ code: 'SMS_TRANSPORT', status: '4' })
  })

  it('turns a refused number into an SmsTransportError with the status', async () => {
    vonage.refuse.set('14155550199', { status: '15', errorText: 'Illegal Sender Address - rejected' })
    const transport = createVonageTransport({ apiKey: 'key123', apiSecret: 'secret456', restHost: vonage.url })
    await expect(transport.send({ to: '+14155550199', from: '12015550123', text: 'hi' })).rejects.toMatchObject({ status: '15' })
  })

  it('turns an unreachable host into an SmsTransportError', async () => {
    const transport = createVonageTransport({ apiKey: 'key123', apiSecret: 'secret456', restHost: 'http://127.0.0.1:1', timeoutMs: 2000 })
    await expect(transport.send({ to: '+14155550100', from: '12015550123', text: 'hi' })).rejects.toBeInstanceOf(SmsTransportError)
  })

  it('the fake answers form bodies with api_key/api_secret as the real API does', async () => {
    const response = await fetch(`${vonage.url}/sms/json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: 'key123', api_secret: 'secret456', to: '14155550100', from: 'Onmion', text: 'hi' }),
    })
    const body = (await response.json()) as { 'message-count': string; messages: Record<string, string>[] }
    expect(body['message-count']).toBe('1')
    expect(Object.keys(body.messages[0]!).sort()).toEqual(['message-id', 'message-price', 'network', 'remaining-balance', 'status', 'to'])
    expect(vonage.requests.at(-1)).toMatchObject({ auth: 'params', contentType: 'application/x-www-form-urlencoded' })
  })
})
