import { createHash } from 'node:crypto'
import { ServerResponse } from 'node:http'
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
 * Node's response of this request when @hono/node-server serves it (its bindings carry it), else
 * undefined (`app.request()` in a unit test).
 */
function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing
  return outgoing instanceof ServerResponse ? outgoing : undefined
}

/**
 * Sets a header every answer of this request carries, whatever the handler returns. Served by
 * Node, it goes straight on Node's response, where the handler's own headers join it (and win
 * over it, as a page's CSP must): Hono then keeps the handler's headers as a plain object, which
 * @hono/node-server writes as they are, instead of building a `Headers` (validated and sorted on
 * every `set`) and copying it back into an object, which cost more than the rest of a warm
 * decision's work.
 *
 * @example
 * setAnswerHeader(c, 'x-request-id', requestId)
 */
export function setAnswerHeader(c: Context, name: string, value: string): void {
  const outgoing = nodeResponse(c)
  if (outgoing === undefined) c.header(name, value)
  else outgoing.setHeader(name, value)
}

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
    const outgoing = nodeResponse(c)
    if (outgoing === undefined) for (const [name, value] of STANDARD_HEADERS) c.header(name, value)
    else for (const [name, value] of STANDARD_HEADERS) outgoing.setHeader(name, value)
    return next()
  }
}
