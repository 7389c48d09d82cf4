import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'

/** The CSP of every answer that is not a page: nothing may load, nothing may frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

const STYLE_ELEMENT = /<style[^>]*>([\s\S]*?)<\/style>/gi

/**
 * The headers every answer carries (the set Hono's `secureHeaders` sends, with `X-Frame-Options:
 * DENY`) and the strictest CSP. Fixed, so they are set once per request before the handler runs
 * and go out with the response it creates: a header set on a response after it was made copies
 * the response, which costs more than the rest of a `/healthz` answer.
 */
const STANDARD_HEADERS: readonly (readonly [string, string])[] = [
  ['cross-origin-resource-policy', 'same-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'DENY'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
  ['content-security-policy', API_CSP],
]

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
 * Answers an HTML page of this service with its own CSP ({@link pageCsp}, computed once per
 * page: pass the same string each time) instead of the API's.
 *
 * @example
 * handler: ({ c }) => htmlPage(c, renderDocsPage(document))
 */
export function htmlPage(c: Context, html: string, headers: Record<string, string> = {}): Response {
  let csp = pageCsps.get(html)
  if (csp === undefined) {
    csp = pageCsp(html)
    pageCsps.set(html, csp)
  }
  return c.html(html, 200, { ...headers, 'content-security-policy': csp })
}

// The service renders a handful of pages, each once: their CSPs are kept by page.
const pageCsps = new Map<string, string>()

/**
 * Standard security headers on every answer (`X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, HSTS, cross-origin isolation headers, `X-Frame-Options: DENY`)
 * and the strictest Content-Security-Policy; HTML pages answer through {@link htmlPage}, which
 * replaces the CSP with the page's own.
 *
 * @example
 * app.use(securityHeaders())
 */
export function securityHeaders(): MiddlewareHandler {
  return (c, next) => {
    for (const [name, value] of STANDARD_HEADERS) c.header(name, value)
    return next()
  }
}
