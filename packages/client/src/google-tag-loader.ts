import type { Policy } from '@onmion/privacy-schema/browser'
import type { ConsentManager } from './consent-manager.js'
import { consentModeState, sendConsentMode } from './internal/consent-mode.js'

/** What {@link loadGoogleTag} needs: the Google tag's address. */
export interface GoogleTagOptions {
  /** `https://www.googletagmanager.com/gtag/js?id=G-...` */
  src: string
}

/**
 * Loads the Google tag at the policy's Google Consent Mode v2 level (`cookies.browser.consentMode`,
 * default `basic`): `basic` loads no Google tag before consent, and loads it once a category with
 * Consent Mode signals is granted; `advanced` loads it at once, every optional signal denied until
 * the visitor grants. Either way the Consent Mode `default` (and, for a choice, `update`) is queued
 * before the tag: the manager sends them to the page's queue, which this defines (`dataLayer`,
 * `gtag`) when the page has none. Call it right after creating the manager. Returns a function
 * that stops waiting.
 *
 * @example
 * import { loadGoogleTag } from '@onmion/privacy-client/google-tag'
 * const consent = createConsentManager({ policy: onmionPolicy })
 * loadGoogleTag(consent, onmionPolicy, { src: 'https://www.googletagmanager.com/gtag/js?id=G-XXXX' })
 */
export function loadGoogleTag<K extends string>(manager: ConsentManager<K>, policy: Policy, options: GoogleTagOptions): () => void {
  const tags = window as unknown as { dataLayer?: unknown[]; gtag?: unknown }
  const categories = policy.cookies.categories
  if (!Array.isArray(tags.dataLayer) && typeof tags.gtag !== 'function') {
    // No queue when the manager started, so it sent nothing: define it and send what it would have.
    tags.dataLayer = []
    const required = (id: string): boolean => categories.some((c) => c.id === id && c.required)
    sendConsentMode('default', { ...consentModeState(categories, required), wait_for_update: 500 })
    if (!manager.needsPrompt()) sendConsentMode('update', consentModeState(categories, (id) => manager.has(id as K)))
  }
  const advanced = policy.cookies.browser?.consentMode === 'advanced'
  const load = (): void => {
    if (document.querySelector('script[data-onmion-google-tag]')) return
    if (!advanced && !categories.some((c) => !c.required && c.consentMode.length > 0 && manager.has(c.id as K))) return
    const script = document.createElement('script')
    script.async = true
    script.src = options.src
    script.setAttribute('data-onmion-google-tag', '')
    document.head.append(script)
  }
  load()
  return manager.subscribe(load)
}
