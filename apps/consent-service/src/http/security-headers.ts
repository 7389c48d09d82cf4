import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/** The CSP of every answer that is not a page: nothing may load, nothing may frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

const STYLE_ELEMENT = /<style[^>]*>([\s\S]*?)<\/style>/gi

/**
 * The CSP of an HTML page of this service (`/docs`, `/privacy`): no script at all, styles only
 * those inline `<style>` elements the page was rendered with (by hash, never `unsafe-inline`),
 * no framing, no forms, no base URI.
 *
 * @example
 * pageCsp('<style>body{}</style>') // "default-src 'none'; style-src 'sha256-...'; ..."
 */
export function pageCsp(html: string): string {
  const hashes = [...html.matchAll(STYLE_ELEMENT)].map((m) => `'sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}'`)
  const styles = hashes.length === 0 ? '' : `; style-src ${[...new Set(hashes)].join(' ')}`
  return `default-src 'none'${styles}; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`
}

/**
 * Standard security headers on every answer (Hono's `secureHeaders`: `X-Content-Type-Options:
 * nosniff`, `Referrer-Policy: no-referrer`, HSTS, cross-origin isolation headers,
 * `X-Frame-Options: DENY`), and a Content-Security-Policy: {@link pageCsp} for HTML pages, and
 * the strictest one for everything else.
 *
 * @example
 * app.use(securityHeaders())
 */
export function securityHeaders(): MiddlewareHandler {
  const standard = secureHeaders({ xFrameOptions: 'DENY' })
  return async (c, next) => {
    await standard(c, async () => {
      await next()
      const type = c.res.headers.get('content-type') ?? ''
      const csp = type.startsWith('text/html') ? pageCsp(await c.res.clone().text()) : API_CSP
      c.header('content-security-policy', csp)
    })
  }
}
