// The Consent Mode demo page: no Google queue in the HTML; the Google tag loader defines it and
// loads the tag at the policy's level. `?level=advanced` runs the page under a copy of the policy
// set to advanced, so both levels can be seen (and tested) on one build.
import { createConsentManager } from '@onmion/privacy-client'
import { loadGoogleTag } from '@onmion/privacy-client/google-tag'
import { onmionPolicy } from '@onmion/privacy-policy'

const requested = new URLSearchParams(location.search).get('level')
const level: 'basic' | 'advanced' | undefined = requested === 'advanced' || requested === 'basic' ? requested : undefined
const policy = level ? { ...onmionPolicy, cookies: { ...onmionPolicy.cookies, browser: { ...onmionPolicy.cookies.browser, consentMode: level } } } : onmionPolicy

const manager = createConsentManager({ policy })
loadGoogleTag(manager, policy, { src: 'https://www.googletagmanager.com/gtag/js?id=G-ONMIONDEMO' })
document.getElementById('accept')?.addEventListener('click', () => manager.acceptAll({ source: 'banner' }))
document.getElementById('reject')?.addEventListener('click', () => manager.rejectAll({ source: 'banner' }))
