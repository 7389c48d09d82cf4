import { CookieBanner, PreferencesDialog, useConsent } from '@onmion/privacy-react'
import { lazy, Suspense, type ReactNode } from 'react'
import { HomePage } from './pages/home.js'

// The policy page renders the whole policy (and loads the renderer) on demand, so the pages a
// visitor lands on carry only the consent banner's share of the policy.
const PrivacyPage = lazy(async () => ({ default: (await import('./pages/privacy.js')).PrivacyPage }))

/** The site: banner first in the tab order, a page per path, the preferences link in the footer. */
export function App(): ReactNode {
  const { openPreferences } = useConsent()
  const privacy = location.pathname.replace(/\/+$/, '') === '/privacy'
  return (
    <>
      <CookieBanner />
      <header className="site-header">
        <a href="/" className="site-name">
          Onmion
        </a>
        <nav aria-label="Main">
          <a href="/">Home</a> <a href="/privacy">Privacy policy</a>
        </nav>
      </header>
      <main className="site-main">
        {privacy ? (
          <Suspense fallback={null}>
            <PrivacyPage />
          </Suspense>
        ) : (
          <HomePage />
        )}
      </main>
      <footer className="site-footer">
        <button type="button" className="link-button" onClick={openPreferences}>
          Cookie preferences
        </button>{' '}
        <a href="/privacy">Privacy policy</a>
      </footer>
      <PreferencesDialog />
    </>
  )
}
