import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyVonageMessagesJwt } from './vonage-jwt.js'

const SECRET = 'a-vonage-signature-secret'
const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/** An HS256 token written from RFC 7519 with node:crypto, independently of the code under test. */
function token(payload: Record<string, unknown>, { secret = SECRET, header = { alg: 'HS256', typ: 'JWT' } }: { secret?: string; header?: Record<string, unknown> } = {}): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`
}

const body = JSON.stringify({
  channel: 'sms', message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', to: '12015550123', from: '14155550100',
  timestamp: '2025-05-01T12:00:00Z', message_type: 'text', text: 'STOP', sms: { num_messages: '1', total_count: '1', keyword: 'STOP' },
})
const iat = 1_746_100_800
const now = new Date(iat * 1000 + 10_000)
const claims = {
  iat, jti: 'c0a3c1d0-0000-4000-8000-000000000001', iss: 'Vonage', api_key: 'abcd1234',
  application_id: 'aaaaaaaa-0000-4000-8000-00000000000a', payload_hash: createHash('sha256').update(body).digest('hex'),
}

describe('verifyVonageMessagesJwt', () => {
  it('accepts a Vonage-shaped token over the body and returns its claims', () => {
    const result = verifyVonageMessagesJwt(`Bearer ${token(claims)}`, body, { secret: SECRET, now })
    expect(result).toEqual({ ok: true, signedAt: new Date(iat * 1000), claims })
    expect(verifyVonageMessagesJwt(`Bearer ${token(claims)}`, new TextEncoder().encode(body), { secret: SECRET, now }).ok).toBe(true)
  })

  it('checks the signature of the jwt.io HS256 example before the claims', () => {
    // The example token of jwt.io (secret "your-256-bit-secret"): the signature verifies, and the
    // token is then refused for what Vonage tokens need, not for its signature.
    const jwtIo = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
    expect(verifyVonageMessagesJwt(`Bearer ${jwtIo}`, '', { secret: 'your-256-bit-secret', now: new Date(1516239022_000) })).toMatchObject({ reason: 'payload_mismatch' })
    expect(verifyVonageMessagesJwt(`Bearer ${jwtIo}`, '', { secret: 'another-secret', now: new Date(1516239022_000) })).toMatchObject({ reason: 'bad_signature' })
  })

  it('refuses a missing or malformed header', () => {
    expect(verifyVonageMessagesJwt(undefined, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'missing_signature' })
    expect(verifyVonageMessagesJwt('', body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'missing_signature' })
    expect(verifyVonageMessagesJwt(`Basic ${token(claims)}`, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verifyVonageMessagesJwt('Bearer abc.def', body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verifyVonageMessagesJwt(`Bearer ${'a'.repeat(10_000)}.b.c`, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verifyVonageMessagesJwt(`Bearer ${b64url('not json')}.${b64url(claims)}.sig`, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'malformed' })
  })

  it('throws a configuration error for an empty secret', () => {
    expect(() => verifyVonageMessagesJwt(`Bearer ${token(claims, { secret: '' })}`, body, { secret: '', now })).toThrow(expect.objectContaining({ code: 'CONFIGURATION' }))
  })

  it('refuses any algorithm but HS256, "none" included', () => {
    for (const alg of ['none', 'HS512', 'RS256', undefined]) {
      const t = token(claims, { header: { alg, typ: 'JWT' } })
      expect(verifyVonageMessagesJwt(`Bearer ${t}`, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'wrong_algorithm' })
    }
    const unsigned = `${b64url({ alg: 'none' })}.${b64url(claims)}.`
    expect(verifyVonageMessagesJwt(`Bearer ${unsigned}`, body, { secret: SECRET, now }).ok).toBe(false)
  })

  it('refuses a wrong secret or an edited payload', () => {
    expect(verifyVonageMessagesJwt(`Bearer ${token(claims, { secret: 'other' })}`, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'bad_signature' })
    const [h, , s] = token(claims).split('.')
    const forged = `${h}.${b64url({ ...claims, api_key: 'evil' })}.${s}`
    expect(verifyVonageMessagesJwt(`Bearer ${forged}`, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'bad_signature' })
  })

  it('refuses an old or future token (default 5 minutes) and an expired one', () => {
    const t = `Bearer ${token(claims)}`
    expect(verifyVonageMessagesJwt(t, body, { secret: SECRET, now: new Date((iat + 300) * 1000) }).ok).toBe(true)
    expect(verifyVonageMessagesJwt(t, body, { secret: SECRET, now: new Date((iat + 301) * 1000) })).toMatchObject({ reason: 'stale_timestamp' })
    expect(verifyVonageMessagesJwt(t, body, { secret: SECRET, now: new Date((iat - 301) * 1000) })).toMatchObject({ reason: 'stale_timestamp' })
    expect(verifyVonageMessagesJwt(t, body, { secret: SECRET, now: new Date((iat + 3000) * 1000), maxAgeSeconds: 3600 }).ok).toBe(true)
    expect(verifyVonageMessagesJwt(`Bearer ${token({ ...claims, exp: iat + 5 })}`, body, { secret: SECRET, now })).toMatchObject({ reason: 'stale_timestamp' })
    const { iat: _, ...noIat } = claims
    expect(verifyVonageMessagesJwt(`Bearer ${token(noIat)}`, body, { secret: SECRET, now })).toMatchObject({ reason: 'missing_timestamp' })
  })

  it('refuses a body that is not the one the token hashes, or a token without payload_hash', () => {
    const t = `Bearer ${token(claims)}`
    expect(verifyVonageMessagesJwt(t, body.replace('STOP', 'START'), { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'payload_mismatch' })
    expect(verifyVonageMessagesJwt(t, `${body} `, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'payload_mismatch' })
    const { payload_hash: _, ...noHash } = claims
    expect(verifyVonageMessagesJwt(`Bearer ${token(noHash)}`, body, { secret: SECRET, now })).toMatchObject({ ok: false, reason: 'payload_mismatch' })
  })
})
