import { consentCookieName, decodeConsentCookie, encodeConsentCookie, isMaterialVersionChange } from '@onmion/privacy-schema/browser'
import type { ConsentCookie, CookieCategoryId, Policy } from '@onmion/privacy-schema/browser'
import type { SubjectId } from '@onmion/privacy-schema'
import { ConsentError } from './errors.js'
import type { ConsentEndpoint, ConsentReceiptJson } from './endpoint.js'
import { newConsentId } from './internal/consent-id.js'
import { consentModeState, sendConsentMode } from './internal/consent-mode.js'
import { cookieNames, eraseCookie, readCookie } from './internal/cookies.js'
import { createEventSender } from './internal/event-sender.js'
import { readReceipt } from './internal/receipt-store.js'
import { createScriptGate } from './internal/script-gate.js'
import { sharedCookieDomain } from './internal/shared-domain.js'
import { createTabSync } from './internal/tab-sync.js'

/** Where a choice came from, recorded as evidence with the consent event. */
export type ChoiceSource = 'banner' | 'preferences_dialog' | 'embed' | 'account' | 'api'

/** Options of {@link createConsentManager}. */
export interface ConsentManagerOptions<P extends Policy> {
  /** The policy: its cookie categories, declared cookies, version and signal settings. */
  policy: P
  /** Send every change to the consent service (`POST {url}/v1/consent-events`). */
  endpoint?: ConsentEndpoint
  /**
   * The consent cookie. Defaults: the name and lifetime the policy declares for it
   * (`onmion_consent`, `P1Y`), host-only.
   */
  cookie?: {
    name?: string
    /** The cookie's `Domain`; by default the policy's shared domain the page is on (see `domainAliases`), else host-only. */
    domain?: string
    maxAgeDays?: number
    /**
     * Local names of the policy's shared domains (`{ 'onmion.test': 'onmion.com' }`): a page on
     * `www.onmion.test` then shares its cookie with the other `*.onmion.test` sites, as on `onmion.com`.
     */
    domainAliases?: Record<string, string>
  }
  /** The Global Privacy Control signal; defaults to `navigator.globalPrivacyControl === true`. */
  gpc?: boolean
  /** Run `<script type="text/plain" data-consent-category>` once granted (default `true`). */
  gateScripts?: boolean
  /**
   * A signed-in person's consent id (`c_` + 22 random characters, kept with their account by the
   * site's backend): the subject of this browser's events instead of its own id, so that
   * `restoreChoice` (`@onmion/privacy-client/account`) finds the choice on the person's other sites.
   */
  subject?: string
  /** Follow changes made in the page's other tabs (default `true`). */
  syncTabs?: boolean
}

/** Options of a choice: where it was made (default `'api'`). */
export interface ChoiceOptions {
  source?: ChoiceSource
}

/** A consent manager for the cookie categories `K` of a policy; see {@link createConsentManager}. */
export interface ConsentManager<K extends string = string> {
  /** The browser's consent id (`c_...`), the subject of its consent events. */
  readonly id: string
  /** The choice per category; strictly necessary ones are always `true`. The same object until a change. */
  get(): Readonly<Record<K, boolean>>
  /** Whether a category is granted; an undeclared category never is. */
  has(category: K): boolean
  /** Whether to show the banner: no valid choice yet, or one made under a materially different policy. */
  needsPrompt(): boolean
  /** Categories a browser privacy signal (GPC, or DNT where the policy honors it) refuses now. */
  signalRefusals(): readonly K[]
  /** Whether the banner asks again because the policy changed materially since the stored choice (until a new choice is made). */
  policyChanged(): boolean
  /** Grants every category, except those a privacy signal refuses (see the README on GPC). */
  acceptAll(options?: ChoiceOptions): void
  /** Refuses every category that can be refused. */
  rejectAll(options?: ChoiceOptions): void
  /**
   * Sets some categories, keeping the others. An explicit `true` overrides a privacy signal.
   * @throws {@link ConsentError} for an undeclared or strictly necessary category, or a non-boolean choice; nothing changes.
   */
  set(choices: Partial<Record<K, boolean>>, options?: ChoiceOptions): void
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (choices: Readonly<Record<K, boolean>>) => void): () => void
  /**
   * The consistency token of this browser's last choice the consent service recorded (null before
   * the first, or without an `endpoint`). It is sent with every request to the service; give it
   * to your backend so that its checks (`privacy.check(q, { atLeast: token })`) see that choice.
   */
  consistencyToken(): string | null
  /**
   * The signed receipt the consent service gave back for this browser's last recorded choice
   * (kept in localStorage), or null (none yet, no `endpoint`, or the service has no signing key).
   * Show it, or check it with `verifyReceipt` of `@onmion/privacy-proof` and the key of
   * `GET /v1/ledger/public-key`: the verifier is the page's own import, not part of this bundle.
   */
  receipt(): ConsentReceiptJson | null
  /** Stops watching for scripts and sending events. */
  destroy(): void
}

const DAY_SECONDS = 86_400

/** Days of a declared lifetime (`P1Y`, `P13M`), rounded down so a cookie never outlives it. */
function lifetimeDays(lifetime: string | undefined): number | undefined {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(lifetime ?? '')
  if (!match || lifetime === 'P') return undefined
  const [, y = 0, m = 0, w = 0, d = 0] = match
  return Number(y) * 365 + Number(m) * 30 + Number(w) * 7 + Number(d)
}

/**
 * Creates the browser's consent manager for a policy. It reads the consent cookie, runs the
 * scripts already granted, sends Google Consent Mode `default` (and `update` for a stored
 * choice) to a gtag that is on the page, applies privacy signals, and erases the declared cookies
 * of every category that is not granted. Without a DOM (server rendering) it keeps state in
 * memory and touches nothing.
 *
 * Re-prompting: a stored choice counts only if its policy version has the current major version.
 * Every material change to the policy is released as a major version, so a minor or patch
 * release keeps the visitor's choice and a material one asks again (and grants nothing until then).
 *
 * @throws {@link ConsentError} `NO_CONSENT_COOKIE` when neither the policy nor `cookie.name` names the consent cookie.
 * @example
 * import { onmionPolicy } from '@onmion/privacy-policy'
 * const consent = createConsentManager({ policy: onmionPolicy })
 * if (consent.needsPrompt()) showBanner()
 * consent.set({ analytics: true }, { source: 'preferences_dialog' })
 * consent.has('analytics') // true
 */
export function createConsentManager<P extends Policy>(options: ConsentManagerOptions<P>): ConsentManager<CookieCategoryId<P>> {
  type K = CookieCategoryId<P>
  const { policy } = options
  const categories = policy.cookies.categories
  const version = policy.meta.version
  const name = options.cookie?.name ?? consentCookieName(policy)
  if (name === undefined) throw new ConsentError('NO_CONSENT_COOKIE', 'cookie.name', 'the policy declares no consent cookie; pass cookie.name')
  const browser = typeof document !== 'undefined'
  const maxAgeDays = options.cookie?.maxAgeDays ?? lifetimeDays(policy.cookies.declared.find((cookie) => cookie.name === name)?.lifetime) ?? 365

  const gpc = options.gpc ?? (browser && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true)
  const dnt = browser && navigator.doNotTrack === '1' && policy.signals.doNotTrack.honored
  const gpcPolicy = policy.signals.globalPrivacyControl
  const refusals = categories
    .filter((category) => !category.required && (dnt || (gpc && gpcPolicy.honored && gpcPolicy.refuses.includes(category.id))))
    .map((category) => category.id as K)
  const signalled = refusals.length > 0

  /** The stored choice, if any (and whether it counts: made under the current major version). */
  const read = (): [ConsentCookie | undefined, ConsentCookie | undefined] => {
    const stored = browser ? decodeConsentCookie(readCookie(name), policy) : undefined
    return [stored, stored && !isMaterialVersionChange(stored.version, version) ? stored : undefined]
  }
  const [stored, current] = read()
  const id = options.subject ?? stored?.id ?? newConsentId()
  let decided = current !== undefined
  let choices = {} as Record<K, boolean>
  const adopt = (from: ConsentCookie | undefined): void => {
    const next = {} as Record<K, boolean>
    for (const category of categories) next[category.id as K] = category.required || from?.choices[category.id] === true
    choices = Object.freeze(next)
    decided = from !== undefined
  }
  adopt(current)

  const listeners = new Set<(choices: Readonly<Record<K, boolean>>) => void>()
  const sender = browser && options.endpoint ? createEventSender(options.endpoint) : undefined
  const granted = (category: string): boolean => Object.hasOwn(choices, category) && choices[category as K]

  let defaultSent = false
  const consentDefault = (): void => {
    if (defaultSent) return
    const state = consentModeState(categories, (category) => categories.some((c) => c.id === category && c.required))
    defaultSent = sendConsentMode('default', { ...state, wait_for_update: 500 })
  }
  const consentUpdate = (): void => {
    consentDefault()
    if (defaultSent) sendConsentMode('update', consentModeState(categories, granted))
  }
  const erase = (): void => {
    const present = cookieNames()
    for (const cookie of policy.cookies.declared) {
      if (granted(cookie.category)) continue
      if (cookie.name !== undefined) {
        if (present.includes(cookie.name)) eraseCookie(cookie.name)
      } else if (cookie.pattern !== undefined) {
        const pattern = new RegExp(cookie.pattern)
        for (const other of present) if (pattern.test(other)) eraseCookie(other)
      }
    }
  }
  const gate = browser && options.gateScripts !== false ? createScriptGate(granted, consentDefault) : undefined

  const notify = (): void => {
    for (const listener of listeners) {
      try {
        listener(choices)
      } catch {
        // One failing subscriber must not stop the others or the caller.
      }
    }
  }
  const apply = (): void => {
    erase()
    consentUpdate()
    gate?.scan()
  }
  // Another tab changed the choice: read the cookie they share and follow it, sending nothing.
  const tabs =
    browser && options.syncTabs !== false
      ? createTabSync(name, () => {
          const [, changed] = read()
          if (!changed) return
          adopt(changed)
          apply()
          notify()
        })
      : undefined
  const domain = options.cookie?.domain ?? (browser ? sharedCookieDomain(location.hostname, policy.cookies.browser?.sharedDomains ?? [], options.cookie?.domainAliases ?? {}) : undefined)

  const commit = (next: Record<K, boolean>, source: ChoiceSource | 'gpc'): void => {
    // Categories the visitor grants although a signal refuses them: an explicit opt-in, recorded as one.
    const overridden = refusals.filter((category) => next[category] && !choices[category])
    choices = Object.freeze(next)
    decided = true
    const at = new Date().toISOString()
    if (browser) {
      const value: ConsentCookie = { version, choices, at, id: id as SubjectId, gpc: signalled }
      const secure = location.protocol === 'https:' ? '; Secure' : ''
      document.cookie = `${name}=${encodeConsentCookie(value)}; Path=/; Max-Age=${maxAgeDays * DAY_SECONDS}; SameSite=Lax${secure}${domain === undefined ? '' : `; Domain=${domain}`}`
      apply()
      tabs?.post()
    }
    const sent: Record<string, boolean> = {}
    for (const category of categories) if (!category.required) sent[category.id] = choices[category.id as K]
    sender?.send({
      subject: id,
      type: 'cookies.choice',
      choices: sent,
      policyVersion: version,
      occurredAt: at,
      method: 'cookie_banner',
      evidence: { source, gpc, ...(overridden.length > 0 && { optInOverSignal: overridden }) },
    })
    notify()
  }

  // Accepting all keeps what a signal refuses refused, unless the visitor opted in to it explicitly.
  const all = (value: boolean): Record<K, boolean> => {
    const next = {} as Record<K, boolean>
    for (const { id: category, required } of categories) {
      next[category as K] = required || (value && (choices[category as K] || !refusals.includes(category)))
    }
    return next
  }

  if (browser) {
    consentDefault()
    // A signal that arrived after the choice was made refuses what it covers, and says so to the ledger.
    if (current && !current.gpc && refusals.some((category) => choices[category])) {
      const next = { ...choices }
      for (const category of refusals) next[category] = false
      commit(next, 'gpc')
    } else {
      if (decided) consentUpdate()
      erase()
      gate?.scan()
    }
  }

  return {
    id,
    get: () => choices,
    has: (category) => granted(category),
    needsPrompt: () => !decided,
    signalRefusals: () => refusals,
    policyChanged: () => !decided && stored !== undefined,
    acceptAll: (choiceOptions) => commit(all(true), choiceOptions?.source ?? 'api'),
    rejectAll: (choiceOptions) => commit(all(false), choiceOptions?.source ?? 'api'),
    set(partial, choiceOptions) {
      const next = { ...choices }
      for (const [category, value] of Object.entries(partial)) {
        const declared = categories.find((c) => c.id === category)
        if (!declared) throw new ConsentError('UNKNOWN_CATEGORY', category, `unknown cookie category "${category}"`)
        if (typeof value !== 'boolean') throw new ConsentError('INVALID_CHOICE', category, `the choice for "${category}" must be true or false`)
        if (declared.required && !value) throw new ConsentError('REQUIRED_CATEGORY', category, `"${category}" is strictly necessary and cannot be refused`)
        next[category as K] = value
      }
      commit(next, choiceOptions?.source ?? 'api')
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    consistencyToken: () => sender?.token() ?? null,
    receipt: () => (sender ? readReceipt(id) : null),
    destroy() {
      gate?.stop()
      sender?.stop()
      tabs?.stop()
    },
  }
}
