import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { routePath } from 'hono/route'
import type { Logger } from 'pino'
import type { AccessLog } from '../logger.js'
import { isStorageUnavailable } from '@onmion/privacy-server'
import type { Authenticator } from '../auth/principal.js'
import { RateLimiter } from '../auth/rate-limiter.js'
import { CONSISTENCY_TOKEN_HEADER } from './consistency-token.js'
import type { AppEnv } from './env.js'
import { limitBody } from './body-limit.js'
import { limitByAddress, mountRoutes } from './mount.js'
import { HttpProblem, sendProblem } from './problem.js'
import { honoPath, type AnyRoute } from './route.js'
import { securityHeaders, setAnswerHeader } from './security-headers.js'

/** What the HTTP layer needs: the routes and the cross-cutting pieces around them. */
export interface AppOptions {
  readonly routes: readonly AnyRoute[]
  readonly authenticator: Authenticator
  readonly logger: Logger
  /**
   * Where the one line per request goes (default: `logger.info`). Its fields are the service's
   * own (request id, method, route pattern, status, duration, key id), never request data, so
   * `createAccessLog` writes them without the personal-data scrubbing of `logger`.
   */
  readonly accessLog?: AccessLog
  readonly bodyLimit: number
  /** Per API key (a publishable key: per key and client address). */
  readonly rateLimit: { readonly perSecond: number; readonly burst: number }
  /** Per client address, for requests without a valid key: public routes, the webhook, bad keys. */
  readonly publicRateLimit: { readonly perSecond: number; readonly burst: number }
  /** Browser origins allowed on routes that accept publishable keys. */
  readonly allowedOrigins: readonly string[]
}

/**
 * Builds the Hono application: request ids and structured request logs, security headers, the
 * body-size limit, CORS for the browser routes, rate limits, the routes themselves, and
 * problem+json for every error (including unknown routes and unexpected failures, which never
 * leak internals).
 *
 * @example
 * const app = createApp({ routes, authenticator, logger, bodyLimit: 262144, rateLimit, publicRateLimit, allowedOrigins: [] })
 * serve({ fetch: app.fetch, port: 8787 })
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { logger } = options

  const accessLog: AccessLog = options.accessLog ?? ((line) => logger.info(line, 'request'))
  // One middleware for what every request gets (its id, the security headers, its log line):
  // each middleware is another async frame around every request.
  const setSecurityHeaders = securityHeaders()
  app.use(async (c, next) => {
    const started = performance.now()
    const requestId = randomUUID()
    c.set('requestId', requestId)
    c.set('principal', null)
    // Before the handler: a header added to a finished response makes Hono copy the response.
    setAnswerHeader(c, 'x-request-id', requestId)
    await setSecurityHeaders(c, next)
    const principal = c.get('principal')
    // The route pattern, not the URL: query strings (`?to=+1...`) never reach the log.
    accessLog({
      requestId,
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      keyId: principal?.keyId,
    })
  })

  const browserPaths = options.routes.filter((r) => r.browser === true || (r.access.kind === 'key' && r.access.publishable === true)).map((r) => honoPath(r.path))
  for (const path of new Set(browserPaths)) {
    app.use(
      path,
      cors({
        origin: (origin) => (options.allowedOrigins.includes(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', CONSISTENCY_TOKEN_HEADER.toLowerCase()],
        exposeHeaders: [CONSISTENCY_TOKEN_HEADER],
        maxAge: 600,
      }),
    )
  }

  // Only methods that carry a body: a GET does not pass through it at all.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', limitBody(options.bodyLimit))

  const publicLimiter = new RateLimiter(options.publicRateLimit)
  mountRoutes(app, options.routes, { authenticator: options.authenticator, rateLimiter: new RateLimiter(options.rateLimit), publicLimiter })

  // The detail does not repeat the path: a decoded path echoed back is a reflection vector.
  app.notFound((c) => {
    try {
      limitByAddress(c, publicLimiter)
    } catch (error) {
      if (error instanceof HttpProblem) return sendProblem(c, error)
      throw error
    }
    return sendProblem(c, new HttpProblem(404, 'not-found', `no route for this ${c.req.method} request; see /docs`))
  })

  app.onError((error, c) => {
    if (error instanceof HttpProblem) {
      // The cause is what an operator needs ("connection refused"), not the problem's own words.
      // A 5xx problem without a cause is a known state of this deployment (the webhook has no secret
      // configured): a warning that says what to configure, not an error with a meaningless stack.
      if (error.status >= 500 && error.cause === undefined) logger.warn({ requestId: c.get('requestId'), status: error.status }, `request refused: ${error.message}`)
      else if (error.status >= 500) logger.error({ requestId: c.get('requestId'), err: error, causes: causeChain(error) }, `request failed: ${causeChain(error).join(': ')}`)
      return sendProblem(c, error)
    }
    if (isStorageUnavailable(error)) {
      logger.error({ requestId: c.get('requestId'), route: routePath(c, -1), err: error, causes: causeChain(error) }, `database unavailable: ${causeChain(error).join(': ')}`)
      return sendProblem(c, new HttpProblem(503, 'unavailable', 'the database is unavailable; retry later', { headers: { 'retry-after': '1' } }))
    }
    logger.error({ requestId: c.get('requestId'), route: routePath(c, -1), err: error, causes: causeChain(error) }, 'unhandled error')
    return sendProblem(c, new HttpProblem(500, 'internal', `an internal error occurred (request ${c.get('requestId')})`))
  })

  return app
}

/**
 * The messages of an error and its causes, outermost first (at most five).
 *
 * @example
 * causeChain(new Error('ledger write failed', { cause: new Error('connect ECONNREFUSED') })) // ['ledger write failed', 'connect ECONNREFUSED']
 */
export function causeChain(error: unknown): string[] {
  const out: string[] = []
  for (let current: unknown = error; current !== undefined && current !== null && out.length < 5; current = current instanceof Error ? current.cause : undefined) {
    out.push(current instanceof Error ? current.message : typeof current === 'string' ? current : JSON.stringify(current))
  }
  return out
}
