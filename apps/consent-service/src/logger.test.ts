import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createAccessLog, createLogger, scrub } from './logger.js'

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

describe('scrub', () => {
  it('replaces the values of personal-data keys at any depth', () => {
    const out = scrub({ a: { evidence: { ip: '10.0.0.1' }, list: [{ phone: '+15551234567' }] }, email: 'x@y.io' })
    expect(out).toEqual({ a: { evidence: '[redacted]', list: [{ phone: '[redacted]' }] }, email: '[redacted]' })
  })

  it('removes emails and phone numbers from strings, keeping ISO dates and short numbers', () => {
    expect(scrub('from +1 (415) 555-0100 and ana@example.com on 2026-11-25, 42 times')).toBe('from [redacted] and [redacted] on 2026-11-25, 42 times')
    expect(scrub('+447700900123')).toBe('[redacted]')
  })

  it('keeps UUIDs (request ids) whole, even when their digits look like a phone number', () => {
    expect(scrub('a5cc0066-1f23-4567-8901-23ac78e1f6a7')).toBe('a5cc0066-1f23-4567-8901-23ac78e1f6a7')
    expect(scrub({ requestId: '12345678-1234-4234-8234-123456789012', msg: 'event 12345678-1234-4234-8234-123456789012 for +15551234567' })).toEqual({
      requestId: '12345678-1234-4234-8234-123456789012',
      msg: 'event 12345678-1234-4234-8234-123456789012 for [redacted]',
    })
    // Only a whole UUID is kept: digits glued to one are still a phone number.
    expect(scrub('+14155550100-1234-4234-8234-123456789012')).not.toContain('55550100')
  })

  it('keeps errors readable without their personal data', () => {
    expect(scrub(new TypeError('bad number +15551234567'))).toEqual({ type: 'TypeError', message: 'bad number [redacted]', code: undefined })
  })
})

describe('createLogger', () => {
  it('writes JSON lines with personal data scrubbed from objects and messages', () => {
    const out = capture()
    const logger = createLogger({ level: 'info' }, out.stream)
    logger.info({ to: '+15551234567', evidence: { formId: 'F-19', signer: 'ana@example.com' }, route: '/v1/sms/can-send' }, 'checked +15557654321 for ana@example.com')
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>
    expect(line).toMatchObject({ level: 30, to: '[redacted]', evidence: '[redacted]', route: '/v1/sms/can-send', msg: 'checked [redacted] for [redacted]' })
    expect(out.text()).not.toMatch(/555|ana@|F-19/)
  })

  it('writes the per-request line through the access log to the same destination, unscrubbed, as pino would', () => {
    const out = capture()
    const logger = createLogger({ level: 'info' }, out.stream)
    const line = { requestId: '12345678-1234-4234-8234-123456789012', method: 'GET', route: '/healthz', status: 200, durationMs: 0.25, keyId: '0123456789abcdef' }
    createAccessLog(logger)(line)
    createAccessLog(logger)({ ...line, route: '/x"\\\n', keyId: undefined })
    logger.info({ to: '+15551234567' }, 'other')
    logger.info(line, 'request')
    const [access, quoted, other, viaPino] = out.text().trim().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>)
    expect(access).toEqual({ level: 30, time: expect.any(String), service: 'onmion-consent-service', ...line, msg: 'request' })
    expect(Object.keys(access!)).toEqual(Object.keys(viaPino!))
    expect(new Date(access!.time as string).toISOString()).toBe(access!.time)
    // A string that would break a hand-made line is escaped, and an absent key id is left out.
    expect(quoted).toMatchObject({ route: '/x"\\\n' })
    expect(quoted).not.toHaveProperty('keyId')
    expect(other).toMatchObject({ to: '[redacted]', msg: 'other' })
  })

  it('writes no access line when the level keeps info out', () => {
    const out = capture()
    const logger = createLogger({ level: 'warn' }, out.stream)
    createAccessLog(logger)({ requestId: 'r', method: 'GET', route: '/healthz', status: 200, durationMs: 0.1 })
    expect(out.text()).toBe('')
  })
})

describe('scrub of plain strings', () => {
  it('leaves strings with fewer than 8 digits and no @ as they are, and still scrubs the others', () => {
    const route = '/v1/subjects/:subject/consent'
    expect(scrub(route)).toBe(route)
    expect(scrub('1234567 x')).toBe('1234567 x')
    expect(scrub('call 1234-5678')).toBe('call [redacted]')
    expect(scrub('a@b.io')).toBe('[redacted]')
  })
})
