import { DecisionReason, EntityId, SubjectId } from '@onmion/privacy-schema'
import { z } from 'zod'
import { ConsistencyTokenField, TOKEN_ON_READS, readOptions } from '../http/consistency-token.js'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

/** One question: may `category` of `subject` be processed for `purpose`? */
const DecisionCheck = z
  .object({
    subject: SubjectId,
    purpose: EntityId,
    category: EntityId,
    operation: z.enum(['process', 'store']).optional().describe('`store` asks only to keep the data (allowed under a restriction)'),
  })
  .strict()

/** Up to 500 questions answered in one call, as new as the caller asks. */
const DecisionsBody = z
  .object({
    checks: z.array(DecisionCheck).min(1).max(500),
    atLeast: ConsistencyTokenField.optional().describe('a write\'s consistency token: every answer is at least as new as that write'),
    consistency: z
      .enum(['cached', 'strong'])
      .optional()
      .describe('`cached` (default): the fastest answer, which may trail another instance\'s write by the invalidation delay; `strong`: read from the database'),
  })
  .strict()

const DecisionAnswer = z.object({
  subject: z.string(),
  purpose: z.string(),
  category: z.string(),
  allowed: z.boolean(),
  reason: z.enum(Object.values(DecisionReason) as [DecisionReason, ...DecisionReason[]]),
  basis: z.string().nullable(),
})

/**
 * `POST /v1/decisions`: a batch of processing checks, answered from the subjects' projected
 * states by the same `decide()` every Onmion service uses. Undeclared purposes and categories
 * are denied (`unknown_purpose`, `unknown_category`), never allowed.
 *
 * @example
 * const routes = decisionRoutes(privacy)
 */
export function decisionRoutes(privacy: ServicePrivacy): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/decisions',
      operationId: 'decide',
      summary: 'Answer a batch of processing checks (subject, purpose, category)',
      description: `Answers as new as asked: \`atLeast\` (or the header) for at least a write's position, \`consistency: "strong"\` for a database read. ${TOKEN_ON_READS}`,
      tag: 'decisions',
      access: { kind: 'key', scope: 'decisions' },
      body: DecisionsBody,
      responses: { 200: { description: 'one decision per check, in order', schema: z.object({ decisions: z.array(DecisionAnswer) }) } },
      handler: async ({ c, body }) => {
        const options = readOptions(c, body)
        const decisions = await Promise.all(
          body.checks.map(async (check) => {
            // The schema above already checked subject and operation, which is all check() validates.
            const input = { subject: check.subject, purpose: check.purpose, category: check.category, ...(check.operation === undefined ? {} : { operation: check.operation }) }
            const decision = await sdkCall('body', () => privacy.check(input, options))
            return { subject: check.subject, purpose: check.purpose, category: check.category, allowed: decision.allowed, reason: decision.reason, basis: decision.basis }
          }),
        )
        return c.json({ decisions })
      },
    }),
  ]
}
