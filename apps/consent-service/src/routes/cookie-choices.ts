import { SubjectId } from '@onmion/privacy-schema'
import { z } from 'zod'
import { HttpProblem } from '../http/problem.js'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

/** A browser consent id: `c_` and 22 random base64url characters (128 bits), unguessable. */
const CONSENT_ID = /^c_[A-Za-z0-9_-]{22}$/

const CookieChoice = z.object({
  subject: z.string(),
  choice: z
    .object({ choices: z.record(z.string(), z.boolean()), policyVersion: z.string(), occurredAt: z.string() })
    .nullable()
    .describe('the last cookies.choice recorded for the subject, or null'),
})

/**
 * `GET /v1/cookie-choices/{subject}`: the last cookie choice recorded for a subject, so that a
 * signed-in person's choice made on one of the policy's sites applies on the others. A
 * publishable key may read it only for a random consent id (`c_` + 22 characters): knowing that
 * id is the capability, as it is for writing choices; the site's backend hands a signed-in
 * person's consent id to its pages. A secret key needs `consent:read`.
 *
 * @example
 * const routes = cookieChoiceRoutes(privacy)
 */
export function cookieChoiceRoutes(privacy: ServicePrivacy): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/cookie-choices/{subject}',
      operationId: 'getCookieChoice',
      summary: "A subject's last cookie choice (for a signed-in person's other sites)",
      description: 'A publishable key may read it only for a random consent id (`c_` and 22 base64url characters); a subject with no choice answers `choice: null`.',
      tag: 'consent',
      access: { kind: 'key', scope: 'consent:read', publishable: true },
      params: z.object({ subject: SubjectId.describe('the consent id of a signed-in person') }),
      responses: {
        200: { description: 'the last choice, or null', schema: CookieChoice },
        403: { description: 'a publishable key asked for a subject that is not a random consent id' },
      },
      handler: async ({ c, params, principal }) => {
        if (principal?.kind === 'publishable' && !CONSENT_ID.test(params.subject)) {
          throw new HttpProblem(403, 'forbidden', 'a publishable key may only read the cookie choice of a random consent id (c_ and 22 characters)')
        }
        const events = await sdkCall('path', () => privacy.history(params.subject))
        const last = events.findLast((event) => event.type === 'cookies.choice' && event.redactedAt === null)
        const choice =
          last && 'choices' in last
            ? { choices: last.choices as Record<string, boolean>, policyVersion: last.policyVersion, occurredAt: last.occurredAt.toISOString() }
            : null
        return c.json({ subject: params.subject, choice })
      },
    }),
  ]
}
