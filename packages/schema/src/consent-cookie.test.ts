import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { consentCookieName, decodeConsentCookie, encodeConsentCookie, isMaterialVersionChange } from './consent-cookie-codec.js'
import { ConsentCookie } from './consent-cookie.js'
import { SubjectId } from './subject-id.js'

const policy = {
  cookies: {
    categories: [
      { id: 'strictly_necessary', name: 'Strictly necessary', description: 'd', required: true, purposes: ['service'], consentMode: [] },
      { id: 'preferences', name: 'Preferences', description: 'd', required: false, purposes: ['service'], consentMode: [] },
      { id: 'analytics', name: 'Analytics', description: 'd', required: false, purposes: ['analytics'], consentMode: [] },
    ],
    declared: [
      { name: 'sid', party: 'first', provider: 'Onmion', lifetime: 'session', purpose: 'p', category: 'strictly_necessary', operationalDefaults: [] },
      { name: 'site_consent', party: 'first', provider: 'Onmion', lifetime: 'P1Y', purpose: 'p', category: 'strictly_necessary', operationalDefaults: [] },
      { name: 'ads_consent', party: 'third', provider: 'X', lifetime: 'P1Y', purpose: 'p', category: 'analytics', operationalDefaults: [] },
    ],
    banner: { text: 't', acceptLabel: 'a', rejectLabel: 'r', preferencesLabel: 'p' },
    browserControls: 'b',
  },
} as const satisfies Parameters<typeof decodeConsentCookie>[1]

const value: ConsentCookie = {
  version: '1.2.3',
  choices: { strictly_necessary: true, preferences: false, analytics: true },
  at: '2026-01-01T12:00:00.000Z',
  id: SubjectId.parse('c_AbCdEfGhIjKlMnOpQrSt-_'),
  gpc: false,
}

/** Encodes an arbitrary wire object the way the codec does, to forge cookies. */
function forge(wire: unknown): string {
  return 'v1.' + btoa(JSON.stringify(wire)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const consentId = fc
  .string({ unit: fc.constantFrom(...Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')), minLength: 22, maxLength: 22 })
  .map((s) => SubjectId.parse(`c_${s}`))
const validValue = fc.record({
  version: fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map(([a, b, c]) => `${a}.${b}.${c}`),
  choices: fc.record({ preferences: fc.boolean(), analytics: fc.boolean() }).map((c) => ({ strictly_necessary: true, ...c })),
  at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  id: consentId,
  gpc: fc.boolean(),
})

describe('encodeConsentCookie / decodeConsentCookie', () => {
  it('round-trips every valid value, in cookie-safe characters', () => {
    fc.assert(
      fc.property(validValue, (v) => {
        const text = encodeConsentCookie(v)
        expect(text).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
        expect(decodeConsentCookie(text, policy)).toEqual(v)
      }),
    )
  })

  it('keeps the cookie small', () => {
    expect(encodeConsentCookie(value).length).toBeLessThan(200)
  })

  it('never throws and only returns values the zod schema accepts, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `v1.${s}`), fc.jsonValue().map(forge)), (text) => {
        const decoded = decodeConsentCookie(text, policy)
        if (decoded !== undefined) expect(ConsentCookie.parse(decoded)).toEqual(decoded)
      }),
    )
  })

  it('agrees with the zod schema on every value it decodes', () => {
    fc.assert(
      fc.property(validValue, (v) => {
        expect(ConsentCookie.parse(decodeConsentCookie(encodeConsentCookie(v), policy))).toEqual(v)
      }),
    )
  })

  it('fills in strictly necessary categories the value leaves out', () => {
    const text = forge({ v: '1.0.0', c: { preferences: 1, analytics: 0 }, t: 0, i: value.id })
    expect(decodeConsentCookie(text, policy)?.choices).toEqual({ strictly_necessary: true, preferences: true, analytics: false })
  })

  const wire = { v: '1.0.0', c: { strictly_necessary: 1, preferences: 0, analytics: 1 }, t: 1_767_268_800_000, i: value.id }
  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['a foreign cookie', 'GA1.1.123456.1767268800'],
    ['another version of the format', encodeConsentCookie(value).replace(/^v1\./, 'v2.')],
    ['base64 of garbage', 'v1.!!!!'],
    ['JSON that is not an object', forge([1, 2])],
    ['a refused strictly necessary category (tampered)', forge({ ...wire, c: { ...wire.c, strictly_necessary: 0 } })],
    ['an unknown category', forge({ ...wire, c: { ...wire.c, marketing: 1 } })],
    ['a missing category', forge({ ...wire, c: { strictly_necessary: 1, analytics: 1 } })],
    ['a choice that is not 0 or 1', forge({ ...wire, c: { ...wire.c, analytics: true } })],
    ['a prototype key', forge({ ...wire, c: JSON.parse('{"__proto__":1,"preferences":0,"analytics":1}') })],
    ['a version that is not semver', forge({ ...wire, v: '1.0' })],
    ['an id that is not a consent id', forge({ ...wire, i: 'someone@example.com' })],
    ['a time that is not a number', forge({ ...wire, t: '2026-01-01' })],
    ['a gpc flag that is not 1', forge({ ...wire, g: true })],
    ['an oversized value', `v1.${'A'.repeat(5000)}`],
  ])('treats %s as no choice', (_what, text) => {
    expect(decodeConsentCookie(text, policy)).toBeUndefined()
  })

  it('accepts the untampered wire value these cases start from', () => {
    expect(decodeConsentCookie(forge(wire), policy)).toEqual({ ...value, version: '1.0.0', at: '2026-01-01T12:00:00.000Z', choices: { strictly_necessary: true, preferences: false, analytics: true } })
  })
})

describe('ConsentCookie', () => {
  it('refuses an id that is not a browser consent id', () => {
    expect(ConsentCookie.safeParse({ ...value, id: 'u_42' }).success).toBe(false)
  })
})

describe('isMaterialVersionChange', () => {
  it.each([
    ['1.0.0', '1.0.0', false],
    ['1.0.0', '1.4.2', false],
    ['1.9.9', '1.0.0', false],
    ['1.0.0', '2.0.0', true],
    ['2.0.0', '1.9.0', true],
    ['1.0.0', '10.0.0', true],
    ['not-a-version', '1.0.0', true],
  ])('%s -> %s material: %s', (stored, current, material) => {
    expect(isMaterialVersionChange(stored, current)).toBe(material)
  })
})

describe('consentCookieName', () => {
  it('finds the first-party strictly necessary consent cookie the policy declares', () => {
    expect(consentCookieName(policy)).toBe('site_consent')
  })
  it('is undefined when the policy declares none', () => {
    expect(consentCookieName({ cookies: { ...policy.cookies, declared: [] } })).toBeUndefined()
  })
})
