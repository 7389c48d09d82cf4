import { onmionPolicy } from '@onmion/privacy-policy'
import { decodeConsentCookie, encodeConsentCookie, SubjectId } from '@onmion/privacy-schema'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConsentManager, isConsentError, type ConsentManager, type ConsentManagerOptions } from './index.js'

// Unit tests of the manager's decisions in happy-dom; script gating, cookie erasure on real
// domains and the network path are exercised in Chromium by apps/web's end-to-end suite.

type OnmionPolicy = typeof onmionPolicy
const managers: ConsentManager[] = []
function manager(options: Omit<ConsentManagerOptions<OnmionPolicy>, 'policy'> = {}) {
  const created = createConsentManager({ policy: onmionPolicy, gateScripts: false, ...options })
  managers.push(created)
  return created
}

function clearCookies(): void {
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`
  }
}

function storedCookie() {
  const raw = /(?:^|; )onmion_consent=([^;]*)/.exec(document.cookie)?.[1]
  return decodeConsentCookie(raw, onmionPolicy)
}

function writeStored(version: string, choices: Record<string, boolean>, gpc = false): void {
  const value = { version, choices, at: '2026-01-01T00:00:00.000Z', id: SubjectId.parse('c_AAAAAAAAAAAAAAAAAAAAAA'), gpc }
  document.cookie = `onmion_consent=${encodeConsentCookie(value)}; Path=/`
}

beforeEach(() => {
  clearCookies()
  localStorage.clear()
  delete (window as { dataLayer?: unknown }).dataLayer
})
afterEach(() => {
  for (const created of managers.splice(0)) created.destroy()
  vi.unstubAllGlobals()
})

describe('createConsentManager', () => {
  it('starts undecided with only strictly necessary granted, and writes nothing', () => {
    const consent = manager()
    expect(consent.needsPrompt()).toBe(true)
    expect(consent.get()).toEqual({ strictly_necessary: true, preferences: false, analytics: false })
    expect(consent.has('strictly_necessary')).toBe(true)
    expect(document.cookie).not.toContain('onmion_consent')
    expect(consent.id).toMatch(/^c_[A-Za-z0-9_-]{22}$/)
  })

  it('stores acceptAll in the consent cookie, under the policy version and its consent id', () => {
    const consent = manager()
    consent.acceptAll()
    expect(consent.needsPrompt()).toBe(false)
    expect(consent.has('analytics')).toBe(true)
    expect(storedCookie()).toMatchObject({ version: onmionPolicy.meta.version, id: consent.id, choices: { analytics: true, preferences: true } })
    expect(manager().get()).toEqual({ strictly_necessary: true, preferences: true, analytics: true })
  })

  it('rejectAll refuses everything that can be refused', () => {
    const consent = manager()
    consent.acceptAll()
    consent.rejectAll()
    expect(consent.get()).toEqual({ strictly_necessary: true, preferences: false, analytics: false })
    expect(storedCookie()?.choices).toEqual({ strictly_necessary: true, preferences: false, analytics: false })
  })

  it('set changes only the named categories and keeps the same snapshot between changes', () => {
    const consent = manager()
    const before = consent.get()
    expect(consent.get()).toBe(before)
    consent.set({ analytics: true })
    expect(consent.get()).not.toBe(before)
    expect(consent.get()).toEqual({ strictly_necessary: true, preferences: false, analytics: true })
  })

  it.each([
    [{ marketing: true }, 'UNKNOWN_CATEGORY', 'marketing'],
    [{ strictly_necessary: false }, 'REQUIRED_CATEGORY', 'strictly_necessary'],
    [{ analytics: 'yes' }, 'INVALID_CHOICE', 'analytics'],
  ])('refuses %j with %s and changes nothing', (choices, code, field) => {
    const consent = manager()
    const error = (() => {
      try {
        consent.set(choices as never)
      } catch (e) {
        return e
      }
    })()
    expect(isConsentError(error) && error.code === code && error.field === field).toBe(true)
    expect(consent.needsPrompt()).toBe(true)
    expect(document.cookie).not.toContain('onmion_consent')
  })

  it('never grants an undeclared category', () => {
    const consent = manager()
    consent.acceptAll()
    expect(consent.has('marketing' as never)).toBe(false)
    expect(consent.has('__proto__' as never)).toBe(false)
  })

  it('keeps a choice made under a minor or patch release of the policy', () => {
    writeStored('1.7.3', { preferences: false, analytics: true })
    const consent = manager()
    expect(consent.needsPrompt()).toBe(false)
    expect(consent.has('analytics')).toBe(true)
    expect(consent.id).toBe('c_AAAAAAAAAAAAAAAAAAAAAA')
  })

  it('asks again, granting nothing, after a material (major) change, and keeps the consent id', () => {
    writeStored('0.9.0', { preferences: true, analytics: true })
    const consent = manager()
    expect(consent.needsPrompt()).toBe(true)
    expect(consent.has('analytics')).toBe(false)
    expect(consent.id).toBe('c_AAAAAAAAAAAAAAAAAAAAAA')
  })

  it('treats a corrupt cookie as no choice', () => {
    document.cookie = 'onmion_consent=v1.eyJ2IjoiMS4wLjAiLCJjIjp7ImFuYWx5dGljcyI6MX19; Path=/'
    const consent = manager()
    expect(consent.needsPrompt()).toBe(true)
    expect(consent.has('analytics')).toBe(false)
  })

  it('notifies subscribers of every change until they unsubscribe', () => {
    const consent = manager()
    const seen: boolean[] = []
    const unsubscribe = consent.subscribe((choices) => seen.push(choices.analytics))
    consent.acceptAll()
    consent.set({ analytics: false })
    unsubscribe()
    consent.acceptAll()
    expect(seen).toEqual([true, false])
  })

  it('erases the declared cookies, by name and pattern, of a withdrawn category', () => {
    const consent = manager()
    consent.acceptAll()
    document.cookie = 'onmion_analytics=1; Path=/'
    document.cookie = '_ga_ABC123=1; Path=/'
    document.cookie = 'onmion_prefs=1; Path=/'
    document.cookie = 'unrelated=1; Path=/'
    consent.set({ analytics: false })
    expect(document.cookie).not.toMatch(/onmion_analytics|_ga_ABC123/)
    expect(document.cookie).toMatch(/onmion_prefs=1/)
    expect(document.cookie).toMatch(/unrelated=1/)
  })
})

describe('the consent cookie attributes', () => {
  function writes(url: string, run: () => void): string[] {
    const written: string[] = []
    let owner: object | null = Object.getPrototypeOf(document) as object | null
    while (owner !== null && !Object.hasOwn(owner, 'cookie')) owner = Object.getPrototypeOf(owner) as object | null
    const descriptor = owner === null ? undefined : Object.getOwnPropertyDescriptor(owner, 'cookie')
    const happyDom = (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM
    happyDom.setURL(url)
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => descriptor?.get?.call(document) as string,
      set: (value: string) => {
        written.push(value)
        descriptor?.set?.call(document, value)
      },
    })
    try {
      run()
    } finally {
      Reflect.deleteProperty(document, 'cookie')
      happyDom.setURL('http://localhost:3000/')
    }
    return written.filter((value) => value.startsWith('onmion_consent='))
  }

  it('is SameSite=Lax for the declared lifetime, and Secure on https', () => {
    const [secure] = writes('https://www.onmion.com/', () => manager().acceptAll())
    expect(secure).toMatch(/; Path=\/; Max-Age=31536000; SameSite=Lax; Secure; Domain=onmion.com$/)
    const [plain] = writes('http://localhost:3000/', () => manager().acceptAll())
    expect(plain).toMatch(/; SameSite=Lax$/)
  })

  it("shares the cookie across the policy's shared domain (or its local alias), host-only elsewhere", () => {
    const [sub] = writes('https://app.maasoffline.com/', () => manager().acceptAll())
    expect(sub).toMatch(/; Domain=maasoffline.com$/)
    const [alias] = writes('http://www.onmion.test/', () => manager({ cookie: { domainAliases: { 'onmion.test': 'onmion.com' } } }).acceptAll())
    expect(alias).toMatch(/; Domain=onmion.test$/)
    const [other] = writes('https://notonmion.com/', () => manager().acceptAll())
    expect(other).toMatch(/; SameSite=Lax; Secure$/)
  })

  it('takes a domain and lifetime from the options', () => {
    const [value] = writes('https://www.onmion.com/', () => manager({ cookie: { domain: 'onmion.com', maxAgeDays: 30 } }).rejectAll())
    expect(value).toMatch(/; Max-Age=2592000; SameSite=Lax; Secure; Domain=onmion.com$/)
  })
})

describe('Do Not Track, in a policy that honors it', () => {
  it('refuses every optional category', () => {
    const policy = { ...onmionPolicy, signals: { ...onmionPolicy.signals, doNotTrack: { ...onmionPolicy.signals.doNotTrack, honored: true } } }
    Object.defineProperty(navigator, 'doNotTrack', { value: '1', configurable: true })
    try {
      const consent = createConsentManager({ policy, gateScripts: false })
      managers.push(consent)
      expect(consent.signalRefusals()).toEqual(['preferences', 'analytics'])
      consent.acceptAll()
      expect(consent.get()).toEqual({ strictly_necessary: true, preferences: false, analytics: false })
    } finally {
      Reflect.deleteProperty(navigator, 'doNotTrack')
    }
  })
})

describe('Global Privacy Control (honored by the Onmion policy for analytics)', () => {
  it('starts with analytics refused and keeps it refused on accept all', () => {
    const consent = manager({ gpc: true })
    expect(consent.signalRefusals()).toEqual(['analytics'])
    consent.acceptAll({ source: 'banner' })
    expect(consent.get()).toEqual({ strictly_necessary: true, preferences: true, analytics: false })
    expect(storedCookie()?.gpc).toBe(true)
  })

  it('lets an explicit opt-in override the signal, and keeps it across visits', () => {
    manager({ gpc: true }).set({ analytics: true }, { source: 'preferences_dialog' })
    const next = manager({ gpc: true })
    expect(next.has('analytics')).toBe(true)
    next.acceptAll()
    expect(next.has('analytics')).toBe(true)
  })

  it('withdraws a grant made before the signal appeared', () => {
    manager({ gpc: false }).acceptAll()
    const next = manager({ gpc: true })
    expect(next.has('analytics')).toBe(false)
    expect(next.needsPrompt()).toBe(false)
    expect(storedCookie()?.choices.analytics).toBe(false)
  })

  function withNavigator(property: string, value: unknown, run: () => void): void {
    Object.defineProperty(navigator, property, { value, configurable: true })
    try {
      run()
    } finally {
      Reflect.deleteProperty(navigator, property)
    }
  }

  it('reads navigator.globalPrivacyControl by default', () => {
    withNavigator('globalPrivacyControl', true, () => expect(manager().signalRefusals()).toEqual(['analytics']))
  })

  it('ignores Do Not Track, as the Onmion policy says', () => {
    withNavigator('doNotTrack', '1', () => expect(manager().signalRefusals()).toEqual([]))
  })

  it('ignores the signal under a policy that does not honor it', () => {
    const gpc = { ...onmionPolicy.signals.globalPrivacyControl, honored: false }
    const policy = { ...onmionPolicy, signals: { ...onmionPolicy.signals, globalPrivacyControl: gpc } }
    withNavigator('globalPrivacyControl', true, () => {
      const consent = createConsentManager({ policy, gateScripts: false })
      managers.push(consent)
      expect(consent.signalRefusals()).toEqual([])
      consent.acceptAll()
      expect(consent.get()).toEqual({ strictly_necessary: true, preferences: true, analytics: true })
      expect(storedCookie()?.gpc).toBe(false)
    })
  })
})

describe('Google Consent Mode v2', () => {
  it('sends nothing when the page has no gtag or dataLayer', () => {
    manager().acceptAll()
    expect((window as { dataLayer?: unknown }).dataLayer).toBeUndefined()
  })

  it('sends a default with everything optional denied, then an update on each change', () => {
    const dataLayer: unknown[] = []
    Object.assign(window, { dataLayer })
    const consent = manager()
    consent.set({ analytics: true })
    const calls = dataLayer.map((entry) => Array.from(entry as ArrayLike<unknown>))
    expect(calls[0]).toEqual([
      'consent',
      'default',
      {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'denied',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'granted',
        wait_for_update: 500,
      },
    ])
    expect(calls[1]).toEqual([
      'consent',
      'update',
      expect.objectContaining({ analytics_storage: 'granted', functionality_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied' }),
    ])
    expect(calls).toHaveLength(2)
  })

  it('calls gtag when it is defined', () => {
    const gtag = vi.fn()
    Object.assign(window, { gtag })
    try {
      manager().acceptAll()
      expect(gtag.mock.calls.map((call: unknown[]) => call[1])).toEqual(['default', 'update'])
      expect(gtag.mock.calls[1]?.[2]).toMatchObject({ analytics_storage: 'granted', functionality_storage: 'granted', ad_personalization: 'denied' })
    } finally {
      delete (window as { gtag?: unknown }).gtag
    }
  })
})

describe('the consent service endpoint', () => {
  it('posts each change with the key, an idempotency key and the contract body', async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response('{}', { status: 201 })))
    vi.stubGlobal('fetch', fetch)
    const consent = manager({ endpoint: { url: 'https://consent.example/', publishableKey: 'pk_test' } })
    consent.set({ analytics: true }, { source: 'preferences_dialog' })
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('https://consent.example/v1/consent-events')
    expect(init).toMatchObject({ method: 'POST', keepalive: true })
    const headers = init.headers as Record<string, string>
    expect(headers.authorization).toBe('Bearer pk_test')
    expect(headers['idempotency-key']).toMatch(/^k_[A-Za-z0-9_-]{22}$/)
    expect(JSON.parse(init.body as string)).toEqual({
      subject: consent.id,
      type: 'cookies.choice',
      choices: { preferences: false, analytics: true },
      policyVersion: onmionPolicy.meta.version,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      method: 'cookie_banner',
      evidence: { source: 'preferences_dialog', gpc: false },
    })
    await vi.waitFor(() => expect(localStorage.getItem('onmion_consent_queue')).toBeNull())
  })

  it('keeps an event that failed in storage and retries it with the same idempotency key', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const statuses = [503, 201]
      const fetch = vi.fn(() => Promise.resolve(new Response(null, { status: statuses.shift() ?? 201 })))
      vi.stubGlobal('fetch', fetch)
      manager({ endpoint: { url: 'https://consent.example', publishableKey: 'pk' } }).rejectAll()
      await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
      expect(JSON.parse(localStorage.getItem('onmion_consent_queue') ?? '[]')).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1000)
      await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2))
      const keys = fetch.mock.calls.map((call) => ((call as unknown as [string, RequestInit])[1].headers as Record<string, string>)['idempotency-key'])
      expect(keys[0]).toBe(keys[1])
      await vi.waitFor(() => expect(localStorage.getItem('onmion_consent_queue')).toBeNull())
    } finally {
      vi.useRealTimers()
    }
  })

  it('remembers the consistency token of its last recorded choice and sends it with the next request', async () => {
    localStorage.removeItem('onmion_consent_token')
    const tokens = ['ct1.first', 'ct1.second']
    const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify({ consistencyToken: tokens.shift() }), { status: 201 })))
    vi.stubGlobal('fetch', fetch)
    const consent = manager({ endpoint: { url: 'https://consent.example', publishableKey: 'pk' } })
    expect(consent.consistencyToken()).toBeNull()
    consent.acceptAll()
    await vi.waitFor(() => expect(consent.consistencyToken()).toBe('ct1.first'))
    consent.rejectAll()
    await vi.waitFor(() => expect(consent.consistencyToken()).toBe('ct1.second'))
    const sent = fetch.mock.calls.map((call) => ((call as unknown as [string, RequestInit])[1].headers as Record<string, string>)['onmion-consistency-token'])
    expect(sent).toEqual([undefined, 'ct1.first'])
    // The next visit starts from the stored token.
    expect(localStorage.getItem('onmion_consent_token')).toBe('ct1.second')
    expect(manager({ endpoint: { url: 'https://consent.example', publishableKey: 'pk' } }).consistencyToken()).toBe('ct1.second')
    localStorage.removeItem('onmion_consent_token')
  })

  it('keeps the signed receipt the service answers a choice with (the last one, bounded), and only for this browser', async () => {
    localStorage.removeItem('onmion_consent_receipt')
    const answers: unknown[] = []
    const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify(answers.shift() ?? {}), { status: 201 })))
    vi.stubGlobal('fetch', fetch)
    const consent = manager({ endpoint: { url: 'https://consent.example', publishableKey: 'pk' } })
    expect(consent.receipt()).toBeNull()
    const receipt = { consentReceiptID: 'e1', piiPrincipalId: consent.id, signature: { keyId: 'k', algorithm: 'Ed25519', value: 'c2ln' } }
    answers.push({ consistencyToken: 'ct1.a', receipt })
    consent.acceptAll()
    await vi.waitFor(() => expect(consent.receipt()).toEqual(receipt))
    // Too large to be a receipt: not kept, the last one stays.
    answers.push({ consistencyToken: 'ct1.b', receipt: { ...receipt, consentReceiptID: 'e2', padding: 'x'.repeat(20_000) } })
    consent.rejectAll()
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2))
    await vi.waitFor(() => expect(consent.consistencyToken()).toBe('ct1.b'))
    expect(consent.receipt()).toEqual(receipt)
    // Another browser's receipt (a cleared cookie, a new consent id) is not this one's.
    localStorage.setItem('onmion_consent_receipt', JSON.stringify({ ...receipt, piiPrincipalId: 'c_someone_else' }))
    expect(consent.receipt()).toBeNull()
    expect(manager().receipt()).toBeNull()
    localStorage.removeItem('onmion_consent_receipt')
    localStorage.removeItem('onmion_consent_token')
  })

  it('never throws into the page when the network fails', () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('offline'))))
    const consent = manager({ endpoint: { url: 'https://consent.example', publishableKey: 'pk' } })
    expect(() => consent.acceptAll()).not.toThrow()
    expect(consent.has('analytics')).toBe(true)
  })
})
