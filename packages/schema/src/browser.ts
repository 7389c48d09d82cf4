// The browser entry: what a page needs at run time, with no zod and no Node built-ins (type
// imports only). The client and the policy package import from here; a test bundles this entry
// and fails if zod is in it.
export { consentCookieName, decodeConsentCookie, encodeConsentCookie, isMaterialVersionChange } from './consent-cookie-codec.js'
export { CONSENT_MODE_SIGNALS } from './consent-mode-signals.js'
export { definePolicyData } from './policy-data.js'
export type { ConsentCookie } from './consent-cookie.js'
export type { ConsentModeSignal } from './model/cookie.js'
export type { CookieCategoryId, Policy, PolicyDefinition, TypedPolicy } from './policy.js'
