import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { routePath } from 'hono/route'
import type { Logger } from 'pino'
import type { Authenticator } from '../auth/principal.js'
import { RateLimiter } from '../auth/rate-limiter.js'
import { CONSISTENCY_TOKEN_HEADER } from './consistency-token.js'
import type { AppEnv } from './env.js'
import { mountRoutes } from './mount.js'
import { HttpProblem, sendProblem } from './problem.js'
import { honoPath, type AnyRoute } from './route.js'

/** What the HTTP layer needs: the routes and the cross-cutting pieces around them. */
export interface AppOptions {
  readonly routes: readonly AnyRoute[]
  readonly authenticator: Authenticator
  readonly logger: Logger
  readonly bodyLimit: number
  readonly rateLimit: { readonly perSecond: number; readonly burst: number }
  /** Browser origins allowed on routes that accept publishable keys. */
  readonly allowedOrigins: readonly string[]
}

/**
 * Builds the Hono application: request ids and structured request logs, the body-size limit,
 * CORS for the browser routes, the routes themselves, and problem+json for every error
 * (including unknown routes and unexpected failures, which never leak internals).
 *
 * @example
 * const app = createApp({ routes, authenticator, logger, bodyLimit: 262144, rateLimit, allowedOrigins: [] })
 * serve({ fetch: app.fetch, port: 8787 })
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { logger } = options

  app.use(async (c, next) => {
    const started = performance.now()
    const requestId = randomUUID()
    c.set('requestId', requestId)
    c.set('principal', null)
    await next()
    c.header('x-request-id', requestId)
    const principal = c.get('principal')
    // The route pattern, not the URL: query strings (`?to=+1...`) never reach the log.
    logger.info(
      {
        requestId,
        method: c.req.method,
        route: routePath(c, -1),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        keyId: principal?.keyId,
      },
      'request',
    )
  })

  const browserPaths = options.routes.filter((r) => r.access.kind === 'key' && r.access.publishable === true).map((r) => honoPath(r.path))
  for (const path of browserPaths) {
    app.use(
      path,
      cors({
        origin: (origin) => (options.allowedOrigins.includes(origin) ? origin : null),
        allowMethods: ['POST', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', CONSISTENCY_TOKEN_HEADER.toLowerCase()],
        exposeHeaders: [CONSISTENCY_TOKEN_HEADER],
        maxAge: 600,
      }),
    )
  }

  app.use(
    bodyLimit({
      maxSize: options.bodyLimit,
      onError: () => {
        throw new HttpProblem(413, 'payload-too-large', `the request body is larger than ${options.bodyLimit} bytes`)
      },
    }),
  )

  mountRoutes(app, options.routes, { authenticator: options.authenticator, rateLimiter: new RateLimiter(options.rateLimit) })

  app.notFound((c) => sendProblem(c, new HttpProblem(404, 'not-found', `no route for ${c.req.method} ${c.req.path}`)))

  app.onError((error, c) => {
    if (error instanceof HttpProblem) {
      if (error.status >= 500) logger.error({ requestId: c.get('requestId'), err: error }, 'request failed')
      return sendProblem(c, error)
    }
    logger.error({ requestId: c.get('requestId'), route: routePath(c, -1), err: error }, 'unhandled error')
    return sendProblem(c, new HttpProblem(500, 'internal', `an internal error occurred (request ${c.get('requestId')})`))
  })

  return app
}
