import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { VONAGE_SIGNATURE_METHODS, signVonageParams, verifyVonageSignature } from './vonage-signature.js'
import type { VonageSignatureMethod } from './vonage-signature.js'

// Vectors from Vonage's own SDK tests (values only):
// - vonage-node-sdk packages/sms/__tests__/__dataSets__/signature.ts
// - vonage-ruby-sdk test/vonage/signature_test.rb (the same five, plus the `k` escaping vector)
// - vonage-php-sdk-core test/Client/SignatureTest.php (hmacSignatureProvider and signatures())
const INBOUND = {
  'message-timestamp': '2013-11-21 15:27:30',
  messageId: '020000001B0FE827',
  msisdn: '14843472194',
  text: 'Test again',
  timestamp: '1385047698',
  to: '13239877404',
  type: 'text',
}
const SDK_VECTORS: readonly [VonageSignatureMethod, string][] = [
  ['md5hash', 'd2e7b1dc968737c5998ad624e02f90b7'],
  ['md5', 'DDEBD46008C2D4E93CCE578A332A52D5'],
  ['sha1', '27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A'],
  ['sha256', 'DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330'],
  ['sha512', 'E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82'],
]
const SECRET = 'my_secret_key_for_testing'
const at = (timestamp: string, offsetSeconds = 0) => new Date((Number(timestamp) + offsetSeconds) * 1000)

// php-sdk-core SignatureTest::signatures(): inbound webhooks with `nonce`, `keyword`, and text with & and =.
const PHP_MD5HASH: readonly { sig: string; secret: string; params: Record<string, string> }[] = [
  {
    sig: 'f0bfad43bd90cf1ea1f1525c18ba4dab',
    secret: '',
    params: { 'message-timestamp': '2013-11-21 17:31:42', messageId: '030000002A264B8B', msisdn: '14843472194', text: 'Message test', timestamp: '1385055102', to: '14849970568', type: 'text' },
  },
  {
    sig: '83c052a82906ec7c116e16f6d92f7eee',
    secret: SECRET,
    params: { 'message-timestamp': '2013-11-21 17:37:31', messageId: '030000002A267DBB', msisdn: '14843472194', text: 'One more time', timestamp: '1385055451', to: '14849970568', type: 'text' },
  },
  {
    sig: 'ff933bf31c79ab3fc6a38d100191c48f',
    secret: SECRET,
    params: {
      keyword: 'TESTINGS', 'message-timestamp': '2017-04-04 23:05:22', messageId: '0C00000027217D5B', msisdn: '14843472194',
      nonce: 'c4ab6ed2-9bf5-48a0-af91-107e29bdd399', text: 'Testings', timestamp: '1491347122', to: '12192259404', type: 'text',
    },
  },
  {
    sig: 'e06d9763e3fd0b9c31beb5fc2fcb011c',
    secret: SECRET,
    params: {
      keyword: 'TEST', 'message-timestamp': '2017-04-04 22:57:47', messageId: '0B00000042AC53BD', msisdn: '14843472194',
      nonce: '929d6744-bd28-42c8-b6cf-31d5b4f43732', text: 'Test with & and =', timestamp: '1491346667', to: '12192259404', type: 'text',
    },
  },
]

// php-sdk-core SignatureTest::hmacSignatureProvider()
const PHP_HMAC_PARAMS = { api_key: 'fake_api_key', to: '14155550100', from: 'AcmeInc', text: 'Test From Nexmo', type: 'text', timestamp: '1540924779' }
const PHP_HMAC: readonly [VonageSignatureMethod, string][] = [
  ['md5', '51CDAFEBB4BBCE9525B195C1617CB8D2'],
  ['sha1', '0162AEC64BC183B2E1256545951FE5639DC98020'],
  ['sha256', '9FEC5EF6D0F2B3D2BB7558B6E4042569823CAB9EA0DD30503472B7B304601975'],
  ['sha512', '40BD12B9A4B6000AD1138EEFD24FFE9FBD72AEE13C3FA04B32BB69DBC256AD0A04A463B1A9AF6660D10F6E1E769EE14B9CFF6A635502E93AFCD0BFAB29F38F87'],
]

/** Written from Vonage's documentation, independently of the code under test. */
function referenceSignature(params: Record<string, string>, secret: string, method: VonageSignatureMethod): string {
  const keys = Object.keys(params).filter((k) => k !== 'sig').sort()
  const base = keys.map((k) => `&${k}=${params[k]!.split('&').join('_').split('=').join('_')}`).join('')
  if (method === 'md5hash') return createHash('md5').update(base + secret).digest('hex')
  return createHmac(method, secret).update(base).digest('hex')
}

describe('verifyVonageSignature: Vonage SDK vectors', () => {
  it.each(SDK_VECTORS)('%s', (method, sig) => {
    const now = at(INBOUND.timestamp, 60)
    expect(verifyVonageSignature({ ...INBOUND, sig }, { secret: SECRET, method, now })).toEqual({ ok: true, signedAt: at(INBOUND.timestamp) })
    expect(verifyVonageSignature({ ...INBOUND, sig: sig.toLowerCase() }, { secret: SECRET, method, now }).ok).toBe(true)
    expect(signVonageParams(INBOUND, SECRET, method)).toBe(sig)
  })

  it.each(PHP_MD5HASH)('php md5hash vector $sig', ({ sig, secret, params }) => {
    expect(signVonageParams(params, secret, 'md5hash')).toBe(sig)
    if (secret !== '') expect(verifyVonageSignature({ ...params, sig }, { secret, method: 'md5hash', now: at(params.timestamp!) }).ok).toBe(true)
  })

  it.each(PHP_HMAC)('php hmac vector %s', (method, sig) => {
    expect(signVonageParams(PHP_HMAC_PARAMS, '71efab63122f1d179f51c46bac838fb5', method)).toBe(sig)
  })

  it('replaces & and = in values with _ (ruby vector)', () => {
    for (const k of ['_', '&', '=']) expect(signVonageParams({ k }, SECRET, 'md5hash')).toBe('c3d6a686ab9c7e7408bb1c0506e9629a')
  })
})

describe('verifyVonageSignature: independent vectors', () => {
  const params = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== 'sig' && k !== '__proto__'),
    fc.string({ maxLength: 40 }),
    { maxKeys: 8 },
  )

  it.each(VONAGE_SIGNATURE_METHODS)('%s matches a reference written from the documentation', (method) => {
    fc.assert(
      fc.property(params, fc.string({ minLength: 1, maxLength: 32 }), (extra, secret) => {
        const signed = { ...extra, timestamp: '1700000000' }
        const sig = referenceSignature(signed, secret, method)
        expect(verifyVonageSignature({ ...signed, sig }, { secret, method, now: at('1700000000') }).ok).toBe(true)
        expect(signVonageParams(signed, secret, method).toLowerCase()).toBe(sig)
      }),
      { numRuns: 200 },
    )
  })
})

describe('verifyVonageSignature: refusals', () => {
  const sig = SDK_VECTORS[3]![1]
  const now = at(INBOUND.timestamp)
  const options = { secret: SECRET, method: 'sha256' as const, now }

  it('refuses a missing sig', () => {
    expect(verifyVonageSignature(INBOUND, options)).toMatchObject({ ok: false, reason: 'missing_signature' })
    expect(verifyVonageSignature({ ...INBOUND, sig: '' }, options)).toMatchObject({ ok: false, reason: 'missing_signature' })
  })

  it('refuses an edited parameter, a wrong secret, the wrong method, and a signature that is not hex', () => {
    expect(verifyVonageSignature({ ...INBOUND, text: 'Test again!', sig }, options)).toMatchObject({ ok: false, reason: 'bad_signature' })
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, secret: 'other' })).toMatchObject({ ok: false, reason: 'bad_signature' })
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, method: 'sha512' })).toMatchObject({ ok: false, reason: 'bad_signature' })
    expect(verifyVonageSignature({ ...INBOUND, sig: 'xxx' }, options)).toMatchObject({ ok: false, reason: 'bad_signature' })
    expect(verifyVonageSignature({ ...INBOUND, sig: sig.slice(2) }, options)).toMatchObject({ ok: false, reason: 'bad_signature' })
  })

  it('throws a configuration error for an empty secret: anyone can sign with one', () => {
    expect(() => verifyVonageSignature({ ...INBOUND, sig }, { ...options, secret: '' })).toThrow(expect.objectContaining({ code: 'CONFIGURATION', field: 'secret' }))
  })

  it('refuses an unknown method', () => {
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, method: 'sha384' as VonageSignatureMethod })).toMatchObject({
      ok: false,
      reason: 'wrong_algorithm',
    })
  })

  it('refuses a replay outside the tolerance (default 5 minutes), both ways', () => {
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, now: at(INBOUND.timestamp, 300) }).ok).toBe(true)
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, now: at(INBOUND.timestamp, 301) })).toMatchObject({ ok: false, reason: 'stale_timestamp' })
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, now: at(INBOUND.timestamp, -301) })).toMatchObject({ ok: false, reason: 'stale_timestamp' })
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, now: at(INBOUND.timestamp, 3600), toleranceSeconds: 3600 }).ok).toBe(true)
    expect(verifyVonageSignature({ ...INBOUND, sig }, { ...options, now: new Date() })).toMatchObject({ ok: false, reason: 'stale_timestamp' })
  })

  it('refuses a signed request without a timestamp', () => {
    const { timestamp: _, ...rest } = INBOUND
    const signed = { ...rest, sig: signVonageParams(rest, SECRET, 'sha256') }
    expect(verifyVonageSignature(signed, options)).toMatchObject({ ok: false, reason: 'missing_timestamp' })
  })

  it('refuses a parameter given twice, and takes a one-element array as its value', () => {
    expect(verifyVonageSignature({ ...INBOUND, text: ['Test again', 'STOP'], sig }, options)).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verifyVonageSignature({ ...INBOUND, text: ['Test again'], sig: [sig] }, options).ok).toBe(true)
  })
})
