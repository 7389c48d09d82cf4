import type { Policy } from '@onmion/privacy-schema'
import type { Context, MiddlewareHandler } from 'hono'
import type { PrivacyCore } from '../privacy.js'
import { createRequestPrivacy, type RequestPrivacy, type SubjectResolver } from './request-privacy.js'

/**
 * The Hono environment the middleware provides: `c.get('privacy')`.
 *
 * @example
 * const app = new Hono<PrivacyEnv<typeof onmionPolicy>>()
 */
export interface PrivacyEnv<P extends Policy = Policy> {
  Variables: { privacy: RequestPrivacy<P> }
}

/**
 * Options of {@link honoPrivacy}.
 *
 * @example
 * honoPrivacy(privacy, { subject: (c) => c.get('session')?.userId })
 */
export interface HonoPrivacyOptions {
  /** The request's subject (e.g. the signed-in user's id). Default: the consent cookie's id. */
  subject?: SubjectResolver<Context>
}

/**
 * Hono middleware: reads `Sec-GPC` and the consent cookie, and puts the request's privacy
 * context on the context as `privacy`. A subject that is not a valid subject id answers 400.
 *
 * @example
 * const app = new Hono<PrivacyEnv<typeof onmionPolicy>>()
 * app.use(honoPrivacy(privacy, { subject: (c) => c.req.header('x-user-id') }))
 * app.get('/track', async (c) => c.json(await c.get('privacy').check({ purpose: 'analytics', category: 'usage_data' })))
 */
export function honoPrivacy<P extends Policy>(privacy: PrivacyCore<P>, options: HonoPrivacyOptions = {}): MiddlewareHandler<PrivacyEnv<P>> {
  return async (c, next) => {
    const subject = options.subject ? await options.subject(c) : undefined
    let context: RequestPrivacy<P>
    try {
      context = createRequestPrivacy(privacy, { gpc: c.req.header('sec-gpc'), cookie: c.req.header('cookie') }, subject)
    } catch (error) {
      return c.json({ error: 'invalid_subject', message: error instanceof Error ? error.message : String(error) }, 400)
    }
    c.set('privacy', context)
    await next()
    return undefined
  }
}
