import { SubjectId } from '@onmion/privacy-schema'
import { z } from 'zod'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'
import { EmailAddress } from '../http/email-address.js'

/**
 * `POST /v1/subjects/{subject}/email` (scope `consent:write`): puts an email address on file for
 * a subject, sealed by the identifier vault. Policy-change announcements go to it; an access
 * request exports it and an erasure deletes it.
 *
 * @example const routes = contactRoutes(privacy)
 */
export function contactRoutes(privacy: ServicePrivacy): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/subjects/{subject}/email',
      operationId: 'setSubjectEmail',
      summary: "Put the subject's email address on file (sealed), for notices such as policy-change announcements",
      tag: 'consent',
      access: { kind: 'key', scope: 'consent:write' },
      params: z.object({ subject: SubjectId }),
      body: z.object({ email: EmailAddress }).strict(),
      responses: { 200: { description: 'on file', schema: z.object({ subject: z.string(), onFile: z.literal(true) }) } },
      handler: async ({ c, params, body }) => {
        await sdkCall('body', () => privacy.notices.setEmail(params.subject, body.email))
        return c.json({ subject: params.subject, onFile: true as const })
      },
    }),
  ]
}
