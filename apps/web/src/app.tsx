import { CookieBanner, PreferencesDialog, useConsent } from '@onmion/privacy-react'
import type { ReactNode } from 'react'
import { HomePage } from './pages/home.js'
import { PrivacyPage } from './pages/privacy.js'

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
      <main className="site-main">{privacy ? <PrivacyPage /> : <HomePage />}</main>
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
