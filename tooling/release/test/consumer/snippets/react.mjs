import { createElement as h } from 'react'
import { renderToString } from 'react-dom/server'
import { onmionPolicy } from '@onmion/privacy-policy'
import { ConsentGate, ConsentProvider, CookieBanner } from '@onmion/privacy-react'

/** Server rendering of the provider, the banner and a gate: gated content stays out. */
export async function check() {
  const html = renderToString(
    h(ConsentProvider, { policy: onmionPolicy }, h('main', null, 'page'), h(CookieBanner), h(ConsentGate, { category: 'analytics', fallback: h('p', null, 'analytics off') }, h('p', null, 'tracking'))),
  )
  if (!html.includes('<main>page</main>') || !html.includes('analytics off') || html.includes('tracking')) throw new Error(`react: unexpected html ${html}`)
  return { html }
}
