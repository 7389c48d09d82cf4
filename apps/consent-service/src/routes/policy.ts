import { gpcWellKnown, Policy, renderPolicy } from '@onmion/privacy-schema'
import { z } from 'zod'
import { defineRoute, type AnyRoute } from '../http/route.js'
import { htmlPage } from '../http/security-headers.js'

const PolicyAnswer = z.object({ version: z.string(), effectiveDate: z.string(), policy: Policy })
const GpcAnswer = z.object({ gpc: z.boolean(), lastUpdate: z.iso.date() })

/**
 * `GET /v1/policy` (the policy document and its version), `GET /privacy` (the policy
 * rendered as a standalone HTML page, from the same data the service enforces) and
 * `GET /.well-known/gpc.json` (whether the policy honors Global Privacy Control, GPC specification).
 *
 * @example
 * const routes = policyRoutes(onmionPolicy)
 */
export function policyRoutes(policy: Policy): AnyRoute[] {
  // Rendered once: the policy is frozen for the life of the process.
  let html: string | undefined
  const body = JSON.stringify({ version: policy.meta.version, effectiveDate: policy.meta.effectiveDate, policy })
  const gpc = JSON.stringify(gpcWellKnown(policy))
  return [
    defineRoute({
      method: 'get',
      path: '/.well-known/gpc.json',
      operationId: 'gpcWellKnown',
      summary: "Global Privacy Control support: whether the policy honors the signal, and the policy's effective date",
      tag: 'policy',
      access: { kind: 'public' },
      responses: { 200: { description: '`{ "gpc": true, "lastUpdate": "YYYY-MM-DD" }` (GPC specification, well-known resource)', schema: GpcAnswer } },
      handler: ({ c }) => c.body(gpc, 200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' }),
    }),
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
