import { SubjectId } from '@onmion/privacy-schema'
import { z } from 'zod'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

const BrokenLink = z.object({ subject: z.string(), seq: z.number().int(), problem: z.string(), message: z.string() })
const VerifyAnswer = z.object({
  ok: z.boolean(),
  subjects: z.number().int(),
  events: z.number().int(),
  redacted: z.number().int(),
  firstBroken: BrokenLink.optional(),
  broken: z.array(BrokenLink).describe('the first broken link of each broken subject, at most 100'),
  brokenSubjects: z.number().int().describe('how many subjects are broken (all of them, listed or not)'),
})

/**
 * `GET /v1/ledger/verify` (admin): recomputes every hash chain (or one subject's) and reports
 * every broken subject (a bounded list and the total). Answers 200 either way; `ok` says whether the ledger holds.
 *
 * @example
 * const routes = ledgerRoutes(privacy)
 */
export function ledgerRoutes(privacy: ServicePrivacy): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/ledger/verify',
      operationId: 'verifyLedger',
      summary: 'Verify the hash chains of the consent ledger',
      tag: 'ledger',
      access: { kind: 'key', scope: 'admin' },
      query: z.object({ subject: SubjectId.optional().describe('verify only this subject’s chain') }),
      responses: { 200: { description: 'the verification report', schema: VerifyAnswer } },
      handler: async ({ c, query }) => {
        const report = await sdkCall('query', () => privacy.ledger.verify(query.subject === undefined ? {} : { subject: query.subject }))
        return c.json(report)
      },
    }),
  ]
}
