// @vitest-environment node
import { onmionPolicy } from '@onmion/privacy-policy'
import { createConsentManager } from '@onmion/privacy-client'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ConsentGate, ConsentProvider, CookieBanner, PreferencesDialog } from './index.js'

describe('server rendering (no window, no document)', () => {
  it('runs where there is no DOM', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  it('renders the page without the banner, the dialog or gated content', () => {
    const html = renderToString(
      <ConsentProvider policy={onmionPolicy}>
        <main>page</main>
        <CookieBanner />
        <PreferencesDialog />
        <ConsentGate category="analytics" fallback={<p>analytics off</p>}>
          <p>tracking</p>
        </ConsentGate>
      </ConsentProvider>,
    )
    expect(html).toContain('<main>page</main>')
    expect(html).toContain('analytics off')
    expect(html).not.toContain('tracking')
    expect(html).not.toContain(onmionPolicy.cookies.banner.text)
  })

  it('accepts a manager created on the server, which keeps state in memory only', () => {
    const manager = createConsentManager({ policy: onmionPolicy })
    const html = renderToString(
      <ConsentProvider policy={onmionPolicy} manager={manager}>
        <CookieBanner />
      </ConsentProvider>,
    )
    expect(html).toBe('')
  })
})
