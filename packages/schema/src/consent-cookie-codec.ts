import type { ConsentCookie } from './consent-cookie.js'
import type { Policy } from './policy.js'
import type { SubjectId } from './subject-id.js'
import { CONSENT_ID, SEMVER } from './consent-cookie-patterns.js'

// The consent cookie codec, free of zod (type imports only), so the browser entry and the client
// carry none: it checks by hand the same rules as the `ConsentCookie` schema, and
// consent-cookie.test.ts proves the two agree on every value the codec accepts.

const PREFIX = 'v1.'
/** Browsers keep about 4 KB per cookie; anything longer was not written by this codec. */
const MAX_LENGTH = 4096

/** The encoded form, short keys so the cookie sent on every request stays small. */
interface Wire {
  v: string
  c: Record<string, 0 | 1>
  t: number
  i: string
  g?: 1
}

/**
 * Encodes a consent value for the cookie: `v1.` and base64url JSON, only cookie-safe
 * characters, so it needs no escaping in `document.cookie` or a `Set-Cookie` header.
 *
 * @example
 * document.cookie = `onmion_consent=${encodeConsentCookie(value)}; Path=/; SameSite=Lax`
 */
export function encodeConsentCookie(value: ConsentCookie): string {
  const c: Record<string, 0 | 1> = {}
  for (const [id, granted] of Object.entries(value.choices)) c[id] = granted ? 1 : 0
  const wire: Wire = { v: value.version, c, t: Date.parse(value.at), i: value.id }
  if (value.gpc) wire.g = 1
  return PREFIX + btoa(JSON.stringify(wire)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * Decodes a consent cookie against the current policy. Anything that is not exactly what
 * {@link encodeConsentCookie} writes for this policy's categories gives `undefined`, never a
 * partial consent: a foreign or corrupt value, a category the policy does not declare, a
 * non-required category missing (the policy gained a category: ask again), or a strictly
 * necessary category stored as refused (nobody can refuse it, so the value was tampered with).
 * Strictly necessary categories absent from the value are filled in as granted.
 *
 * It does not judge the stored policy version: see {@link isMaterialVersionChange}.
 *
 * @example
 * const stored = decodeConsentCookie(cookies.onmion_consent, onmionPolicy)
 * if (stored?.choices.analytics === true) startAnalytics()
 */
export function decodeConsentCookie(text: string | undefined | null, policy: Pick<Policy, 'cookies'>): ConsentCookie | undefined {
  if (typeof text !== 'string' || text.length > MAX_LENGTH || !text.startsWith(PREFIX)) return undefined
  let wire: unknown
  try {
    wire = JSON.parse(atob(text.slice(PREFIX.length).replace(/-/g, '+').replace(/_/g, '/')))
  } catch {
    return undefined
  }
  if (wire === null || typeof wire !== 'object' || Array.isArray(wire)) return undefined
  const { v, c, t, i, g } = wire as Partial<Record<keyof Wire, unknown>>
  if (typeof v !== 'string' || !SEMVER.test(v)) return undefined
  if (typeof i !== 'string' || !CONSENT_ID.test(i)) return undefined
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t > 8.64e15) return undefined
  if (g !== undefined && g !== 1) return undefined
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return undefined
  const stored = c as Record<string, unknown>
  const categories = policy.cookies.categories
  for (const key of Object.keys(stored)) {
    if (!categories.some((category) => category.id === key)) return undefined
  }
  const choices: Record<string, boolean> = {}
  for (const category of categories) {
    const choice = Object.hasOwn(stored, category.id) ? stored[category.id] : undefined
    if (category.required) {
      if (choice !== undefined && choice !== 1) return undefined
      choices[category.id] = true
    } else {
      if (choice !== 0 && choice !== 1) return undefined
      choices[category.id] = choice === 1
    }
  }
  return { version: v, choices, at: new Date(t).toISOString(), id: i as SubjectId, gpc: g === 1 }
}

/**
 * Whether a choice stored under policy version `stored` must be asked again under `current`.
 * The release rule makes every material change (as `diffPolicies` defines it) a major version
 * bump of the policy, so "materially different" is "different major version"; a minor or patch
 * release never prompts again. A version that is not semver counts as material.
 *
 * @example
 * isMaterialVersionChange('1.0.0', '1.3.0') // false: keep the choice
 * isMaterialVersionChange('1.4.2', '2.0.0') // true: show the banner again
 */
export function isMaterialVersionChange(stored: string, current: string): boolean {
  const a = SEMVER.exec(stored)
  const b = SEMVER.exec(current)
  return a === null || b === null || a[1] !== b[1]
}

/**
 * The name of the consent cookie: the first-party, strictly necessary cookie the policy declares
 * by name to remember cookie choices (`onmion_consent` for Onmion), found among the declared
 * cookies as the one in a required category whose name mentions "consent".
 *
 * @example
 * consentCookieName(onmionPolicy) // 'onmion_consent'
 */
export function consentCookieName(policy: Pick<Policy, 'cookies'>): string | undefined {
  const required = new Set(policy.cookies.categories.filter((category) => category.required).map((category) => category.id))
  return policy.cookies.declared.find(
    (cookie) => cookie.party === 'first' && required.has(cookie.category) && cookie.name?.includes('consent') === true,
  )?.name
}
