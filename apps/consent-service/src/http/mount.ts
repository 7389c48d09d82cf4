import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, Hono } from 'hono'
import type { Authenticator, Principal } from '../auth/principal.js'
import type { RateLimiter } from '../auth/rate-limiter.js'
import { hasScope } from '../auth/scopes.js'
import type { AppEnv } from './env.js'
import { HttpProblem, invalidInput } from './problem.js'
import { honoPath, type AnyRoute } from './route.js'
import { refuseUnsafeInput } from './input-guard.js'
import { readJsonBody } from './json-body.js'

/** What mounting needs besides the routes. */
export interface MountOptions {
  readonly authenticator: Authenticator
  readonly rateLimiter: RateLimiter
  /**
   * Per client address, for requests no valid key vouches for: public routes, the webhook, and
   * requests with a missing or bad key (which would otherwise let anyone guess keys or load the
   * database for free).
   */
  readonly publicLimiter: RateLimiter
}

const BEARER = /^Bearer\s+(\S+)\s*$/i

/**
 * Checks the caller's key against a route's access rule. Unknown and revoked keys get the same
 * 401 as a missing one, and a key without the scope a 403 decided before any lookup, so neither
 * answer depends on (or reveals) whether the subject in the request exists.
 */
async function authorize(c: Context<AppEnv>, route: AnyRoute, options: MountOptions): Promise<Principal | null> {
  const access = route.access
  if (access.kind !== 'key') {
    limitByAddress(c, options.publicLimiter)
    return null
  }
  const header = c.req.header('authorization')
  const secret = header === undefined ? undefined : BEARER.exec(header)?.[1]
  const unauthorized = (): HttpProblem => {
    // A failed attempt costs a token of the address: past its burst, guesses get 429s.
    limitByAddress(c, options.publicLimiter)
    return new HttpProblem(401, 'unauthorized', 'a valid API key is required (Authorization: Bearer <key>)', {
      headers: { 'www-authenticate': 'Bearer realm="onmion-privacy"' },
    })
  }
  if (secret === undefined) throw unauthorized()
  const principal = await options.authenticator.authenticate(secret)
  if (principal === null) throw unauthorized()
  const allowed = principal.kind === 'publishable' ? access.publishable === true : hasScope(principal.scopes, access.scope)
  if (!allowed) {
    const needed = principal.kind === 'publishable' ? 'a secret key' : `the "${access.scope}" scope`
    throw new HttpProblem(403, 'forbidden', `this key may not call ${route.method.toUpperCase()} ${route.path}: it needs ${needed}`)
  }
  // One publishable key serves every browser, so its bucket is per key and client address.
  const bucket = principal.kind === 'publishable' ? `${principal.keyId}:${clientAddress(c)}` : principal.keyId
  const rate = options.rateLimiter.take(bucket)
  if (!rate.allowed) {
    throw new HttpProblem(429, 'rate-limited', `rate limit of this key exceeded; retry in ${rate.retryAfterSeconds}s`, {
      headers: { 'retry-after': String(rate.retryAfterSeconds) },
    })
  }
  return principal
}

/**
 * Takes a token of the client address's bucket, or throws the 429 (with `Retry-After`).
 *
 * @example
 * app.notFound((c) => { limitByAddress(c, publicLimiter); ... })
 */
export function limitByAddress(c: Context<AppEnv>, limiter: RateLimiter): void {
  const rate = limiter.take(clientAddress(c))
  if (!rate.allowed) {
    throw new HttpProblem(429, 'rate-limited', `too many requests from this address without a valid key; retry in ${rate.retryAfterSeconds}s`, {
      headers: { 'retry-after': String(rate.retryAfterSeconds) },
    })
  }
}

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    // Not served by Node's HTTP server (app.request() in a unit test): one shared bucket.
    return 'unknown'
  }
}

/**
 * Installs routes on a Hono app: for each, authorization, then validation of params, query and
 * JSON body by the route's own zod schemas (the ones the OpenAPI document is generated from),
 * then the handler. Every failure is thrown as an {@link HttpProblem}.
 *
 * @example
 * mountRoutes(app, [getPolicyRoute, decisionsRoute], { authenticator, rateLimiter, publicLimiter })
 */
export function mountRoutes(app: Hono<AppEnv>, routes: readonly AnyRoute[], options: MountOptions): void {
  for (const route of routes) {
    const hasParams = honoPath(route.path).includes(':')
    app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
      const principal = await authorize(c, route, options)
      c.set('principal', principal)
      // A path without parameters and a URL without a query have nothing to check or parse.
      let params: unknown
      if (hasParams) {
        const rawParams = c.req.param()
        refuseUnsafeInput('path', rawParams)
        params = parsePart(route.params, rawParams, 'path')
      } else {
        params = parsePart(route.params, {}, 'path')
      }
      let query: unknown
      if (c.req.url.includes('?')) {
        refuseUnsafeInput('query', c.req.queries())
        query = parsePart(route.query, c.req.query(), 'query')
      } else {
        query = parsePart(route.query, {}, 'query')
      }
      let body: unknown
      if (route.body !== undefined && route.rawBody !== true) {
        const value = await readJsonBody(c)
        refuseUnsafeInput('body', value)
        body = parsePart(route.selectBody?.(value) ?? route.body, value, 'body')
      }
      return route.handler({ c, body, query, params, principal })
    })
  }
}

function parsePart(schema: AnyRoute['body'], value: unknown, part: 'path' | 'query' | 'body'): unknown {
  if (schema === undefined) return undefined
  const result = schema.safeParse(value)
  if (!result.success) throw invalidInput(part, result.error)
  return result.data
}
