import { CookieBanner, PreferencesDialog, useConsent } from '@onmion/privacy-react'
import { lazy, Suspense, type ReactNode } from 'react'
import { HomePage } from './pages/home.js'

// The policy page renders the whole policy (and loads the renderer) on demand, so the pages a
// visitor lands on carry only the consent banner's share of the policy.
const PrivacyPage = lazy(async () => ({ default: (await import('./pages/privacy.js')).PrivacyPage }))
const RequestsPage = lazy(async () => ({ default: (await import('./pages/requests.js')).RequestsPage }))
const ChangesPage = lazy(async () => ({ default: (await import('./pages/changes.js')).ChangesPage }))

const PAGES: Record<string, ReturnType<typeof lazy>> = { '/privacy': PrivacyPage, '/privacy/requests': RequestsPage, '/privacy/changes': ChangesPage }

/** The site: banner first in the tab order, a page per path, the preferences link in the footer. */
export function App(): ReactNode {
  const { openPreferences } = useConsent()
  const Page = PAGES[location.pathname.replace(/\/+$/, '')]
  return (
    <>
      <CookieBanner changesHref="/privacy/changes" />
      <header className="site-header">
        <a href="/" className="site-name">
          Onmion
        </a>
        <nav aria-label="Main">
          <a href="/">Home</a> <a href="/privacy">Privacy policy</a> <a href="/privacy/requests">Your privacy requests</a>
        </nav>
      </header>
      <main className="site-main">
        {Page !== undefined ? (
          <Suspense fallback={null}>
            <Page />
          </Suspense>
        ) : (
          <HomePage />
        )}
      </main>
      <footer className="site-footer">
        <button type="button" className="link-button" onClick={openPreferences}>
          Cookie preferences
        </button>{' '}
        <a href="/privacy">Privacy policy</a> <a href="/privacy/changes">Policy changes</a>
      </footer>
      <PreferencesDialog />
    </>
  )
}
