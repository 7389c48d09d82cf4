import { onmionPolicy } from '@onmion/privacy-policy'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPrivacy } from '../src/privacy.js'
import { generatePrivacyKeys } from '../src/crypto/generate-keys.js'
import { PrivacyKeys } from '../src/crypto/keys.js'

describe('generatePrivacyKeys', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('is what the error of an SDK without keys points to', async () => {
    vi.stubEnv('ONMION_PRIVACY_KEYS', '')
    vi.stubEnv('PRIVACY_KEYS', '')
    const privacy = await createPrivacy({ policy: onmionPolicy, database: 'memory://' })
    try {
      await expect(privacy.record({ subject: 'u_nokeys', type: 'sms.opted_in', phone: '+14155550100', method: 'keyword' })).rejects.toThrow(
        /no identifier keys configured .*`generatePrivacyKeys\(\)` makes a set/,
      )
    } finally {
      await privacy.close()
    }
  })

  it('makes a set the SDK accepts, and that seals and opens a phone number', async () => {
    const keys = generatePrivacyKeys(undefined, new Date('2026-12-06T10:00:00Z'))
    expect(PrivacyKeys.parse(keys)).toEqual(keys)
    expect(keys.current).toBe('k20261206')
    expect(keys.keys.k20261206).not.toBe(keys.hmacKey)
    const privacy = await createPrivacy({ policy: onmionPolicy, database: 'memory://', keys })
    try {
      await privacy.record({ subject: 'u_keys', type: 'sms.opted_in', phone: '+14155550100', method: 'keyword' })
      const [event] = await privacy.history('u_keys')
      expect(event).toMatchObject({ type: 'sms.opted_in', phone: '+14155550100' })
    } finally {
      await privacy.close()
    }
  })

  it('rotates: a new current key, the old keys and the HMAC key kept', () => {
    const day = new Date('2026-12-06T10:00:00Z')
    const first = generatePrivacyKeys(undefined, day)
    const second = generatePrivacyKeys(first, day)
    expect(second.current).toBe('k20261206_2')
    expect(second.keys).toMatchObject(first.keys)
    expect(second.keys.k20261206_2).not.toBe(first.keys.k20261206)
    expect(second.hmacKey).toBe(first.hmacKey)
    expect(PrivacyKeys.parse(second)).toEqual(second)
  })
})
