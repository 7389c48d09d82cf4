// The demo's cookie banner on c15t's headless core instead of Onmion's SDK, measured beside it by
// the size report: the same three categories (c15t's names for them), the page's own banner markup
// shown and hidden by the store, as c15t's quickstart ("Minimal Consent Prompt") shows, in offline
// mode (choices kept in the browser; the SDK's endpoint is optional too). Size only: the
// time-to-banner benchmark compares with vanilla-cookieconsent, which ships its own banner.
import { getOrCreateConsentRuntime } from 'c15t'

const { consentStore } = getOrCreateConsentRuntime({
  mode: 'offline',
  consentCategories: ['necessary', 'functionality', 'measurement'],
})

consentStore.subscribe((state) => {
  const banner = document.getElementById('consent-banner')
  if (banner) banner.style.display = state.activeUI === 'banner' ? 'block' : 'none'
})
document.getElementById('accept-all')?.addEventListener('click', () => void consentStore.getState().saveConsents('all'))
document.getElementById('reject')?.addEventListener('click', () => void consentStore.getState().saveConsents('necessary'))
