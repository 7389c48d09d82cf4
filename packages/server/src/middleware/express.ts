import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Policy } from '@onmion/privacy-schema'
import type { PrivacyCore } from '../privacy.js'
import { createRequestPrivacy, type RequestPrivacy, type SubjectResolver } from './request-privacy.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    interface Request {
      /** Set by `expressPrivacy()`: the request's privacy context. */
      privacy: RequestPrivacy
    }
  }
}

/**
 * A request as the middleware sees it: Node's, plus what it sets.
 *
 * @example
 * http.createServer((req: PrivacyRequest) => { ... })
 */
export type PrivacyRequest<P extends Policy = Policy> = IncomingMessage & { privacy?: RequestPrivacy<P> }

/**
 * Options of {@link expressPrivacy}.
 *
 * @example
 * expressPrivacy(privacy, { subject: (req) => req.headers['x-user-id'] as string | undefined })
 */
export interface ExpressPrivacyOptions<R extends IncomingMessage = IncomingMessage> {
  /** The request's subject (e.g. `req.user.id`). Default: the consent cookie's id. */
  subject?: SubjectResolver<R>
}

/**
 * Express middleware: reads `Sec-GPC` and the consent cookie, and sets `req.privacy`. A subject
 * that is not a valid subject id is passed to `next(error)` (a PrivacyError INVALID_INPUT).
 *
 * @example
 * app.use(expressPrivacy(privacy, { subject: (req) => req.get('x-user-id') }))
 * app.get('/track', async (req, res) => res.json(await req.privacy.check({ purpose: 'analytics', category: 'usage_data' })))
 */
export function expressPrivacy<P extends Policy, R extends IncomingMessage = IncomingMessage>(
  privacy: PrivacyCore<P>,
  options: ExpressPrivacyOptions<R> = {},
): (req: R, res: ServerResponse, next: (error?: unknown) => void) => void {
  return (req, _res, next) => {
    const header = (name: string): string | undefined => {
      const value = req.headers[name]
      return Array.isArray(value) ? value.join('; ') : value
    }
    Promise.resolve(options.subject ? options.subject(req) : undefined)
      .then((subject) => {
        ;(req as PrivacyRequest<P>).privacy = createRequestPrivacy(privacy, { gpc: header('sec-gpc'), cookie: header('cookie') }, subject)
        next()
      })
      .catch(next)
  }
}
