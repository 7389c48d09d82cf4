const { createElement: h } = require('react')
const { renderToString } = require('react-dom/server')
const { onmionPolicy } = require('@onmion/privacy-policy')
const { ConsentGate, ConsentProvider, CookieBanner } = require('@onmion/privacy-react')

/** Server rendering of the provider, the banner and a gate: gated content stays out. */
exports.check = async function check() {
  const html = renderToString(
    h(ConsentProvider, { policy: onmionPolicy }, h('main', null, 'page'), h(CookieBanner), h(ConsentGate, { category: 'analytics', fallback: h('p', null, 'analytics off') }, h('p', null, 'tracking'))),
  )
  if (!html.includes('<main>page</main>') || !html.includes('analytics off') || html.includes('tracking')) throw new Error(`react: unexpected html ${html}`)
  return { html }
}
