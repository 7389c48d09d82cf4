import { summarizePolicyChange } from '@onmion/privacy-schema'
import { z } from 'zod'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

const VersionView = z.object({
  version: z.string(),
  effectiveDate: z.string(),
  publishedAt: z.string(),
  change: z
    .object({ from: z.string(), material: z.boolean(), text: z.string(), markdown: z.string(), html: z.string() })
    .nullable()
    .describe('what changed from the version before, in plain language; null for the first version'),
})

/**
 * `GET /v1/policy/changes`: every policy version this deployment published (each start records
 * its policy), newest first, each with the plain-language summary of what changed from the one
 * before. The site's `/privacy/changes` page shows it.
 *
 * @example const routes = policyChangeRoutes(privacy)
 */
export function policyChangeRoutes(privacy: ServicePrivacy): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/policy/changes',
      operationId: 'listPolicyChanges',
      summary: 'Every published policy version with a plain-language summary of its changes',
      tag: 'policy',
      access: { kind: 'public' },
      browser: true,
      responses: { 200: { description: 'the versions, newest first', schema: z.object({ versions: z.array(VersionView) }) } },
      handler: async ({ c }) => {
        const versions = await privacy.notices.policyVersions()
        const views = versions.map((v, i) => {
          const previous = versions[i - 1]
          const summary = previous === undefined ? null : summarizePolicyChange(previous.policy, v.policy)
          return {
            version: v.version,
            effectiveDate: v.effectiveDate,
            publishedAt: v.publishedAt.toISOString(),
            change: previous === undefined || summary === null ? null : { from: previous.version, material: summary.material, text: summary.text, markdown: summary.markdown, html: summary.html },
          }
        })
        return c.json({ versions: views.reverse() }, 200, { 'cache-control': 'public, max-age=300' })
      },
    }),
  ]
}
