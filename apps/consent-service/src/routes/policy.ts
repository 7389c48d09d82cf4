import { Policy, renderPolicy } from '@onmion/privacy-schema'
import { z } from 'zod'
import { defineRoute, type AnyRoute } from '../http/route.js'
import { htmlPage } from '../http/security-headers.js'

const PolicyAnswer = z.object({ version: z.string(), effectiveDate: z.string(), policy: Policy })

/**
 * `GET /v1/policy` (the policy document and its version) and `GET /privacy` (the policy
 * rendered as a standalone HTML page, from the same data the service enforces).
 *
 * @example
 * const routes = policyRoutes(onmionPolicy)
 */
export function policyRoutes(policy: Policy): AnyRoute[] {
  // Rendered once: the policy is frozen for the life of the process.
  let html: string | undefined
  const body = JSON.stringify({ version: policy.meta.version, effectiveDate: policy.meta.effectiveDate, policy })
  return [
    defineRoute({
      method: 'get',
      path: '/v1/policy',
      operationId: 'getPolicy',
      summary: 'The current privacy policy document and its version',
      tag: 'policy',
      access: { kind: 'public' },
      responses: { 200: { description: 'the policy document', schema: PolicyAnswer } },
      handler: ({ c }) => c.body(body, 200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' }),
    }),
    defineRoute({
      method: 'get',
      path: '/privacy',
      operationId: 'privacyPage',
      summary: 'The privacy policy as a human-readable HTML page',
      tag: 'policy',
      access: { kind: 'public' },
      responses: { 200: { description: 'the rendered policy', mediaType: 'text/html' } },
      handler: ({ c }) => {
        const page = (html ??= renderPolicy(policy, { format: 'html' }))
        return htmlPage(c, page, { 'cache-control': 'public, max-age=300' })
      },
    }),
  ]
}
