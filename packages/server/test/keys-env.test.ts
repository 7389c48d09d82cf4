import { afterEach, describe, expect, it, vi } from 'vitest'
import { resolveKeys } from '../src/config.js'

const keys = { current: 'k1', keys: { k1: Buffer.alloc(32, 1).toString('base64') }, hmacKey: Buffer.alloc(32, 2).toString('base64') }

describe('identifier keys from the environment', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('reads ONMION_PRIVACY_KEYS, the name the consent service reads, without a warning', () => {
    vi.stubEnv('ONMION_PRIVACY_KEYS', JSON.stringify(keys))
    vi.stubEnv('PRIVACY_KEYS', '')
    const warn = vi.spyOn(process, 'emitWarning')
    expect(resolveKeys(undefined)).toEqual(keys)
    expect(warn).not.toHaveBeenCalled()
  })

  it('still reads the old PRIVACY_KEYS, with a DeprecationWarning naming the new one', () => {
    vi.stubEnv('ONMION_PRIVACY_KEYS', '')
    vi.stubEnv('PRIVACY_KEYS', JSON.stringify(keys))
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    expect(resolveKeys(undefined)).toEqual(keys)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('rename it ONMION_PRIVACY_KEYS'), expect.objectContaining({ type: 'DeprecationWarning' }))
  })

  it('names the variable that is not JSON', () => {
    vi.stubEnv('ONMION_PRIVACY_KEYS', '{nope')
    expect(() => resolveKeys(undefined)).toThrow(/ONMION_PRIVACY_KEYS is not valid JSON/)
  })

  it('prefers the option to any variable', () => {
    vi.stubEnv('ONMION_PRIVACY_KEYS', '{nope')
    expect(resolveKeys(keys)).toBe(keys)
  })
})
