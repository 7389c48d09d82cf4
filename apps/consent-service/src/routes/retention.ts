import { z } from 'zod'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

/** A dry run takes no options (an empty object): it reports what a sweep would remove now. */
const PlanBody = z.object({}).strict()
/** A sweep always runs at the service's now: a caller-given time could delete early. */
const SweepBody = z.object({ batchSize: z.number().int().min(1).max(50_000).default(1000) }).strict()

const PlanAnswer = z.object({
  now: z.string(),
  total: z.number().int(),
  rules: z.array(
    z.object({
      rule: z.string(),
      name: z.string(),
      held: z.boolean(),
      count: z.number().int(),
      oldest: z.string().nullable(),
      kinds: z.array(z.object({ source: z.string(), kind: z.string(), cutoff: z.string().nullable(), count: z.number().int(), oldest: z.string().nullable(), standing: z.number().int(), skipped: z.string().nullable() })),
    }),
  ),
})
const SweepAnswer = z.object({
  runId: z.string(),
  now: z.string(),
  status: z.enum(['completed', 'cancelled']),
  removed: z.number().int(),
  byKind: z.array(z.object({ rule: z.string(), source: z.string(), kind: z.string(), removed: z.number().int() })),
})

/**
 * Retention over HTTP: the dry run (`retention:run`) and the sweep (`admin`: it removes data).
 *
 * @example
 * const routes = retentionRoutes(privacy)
 */
export function retentionRoutes(privacy: ServicePrivacy): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/retention/plan',
      operationId: 'retentionPlan',
      summary: 'Dry run: per retention rule, how many records a sweep would remove',
      tag: 'retention',
      access: { kind: 'key', scope: 'retention:run' },
      body: PlanBody,
      responses: { 200: { description: 'the plan', schema: PlanAnswer } },
      handler: async ({ c }) => {
        const plan = await sdkCall('body', () => privacy.retention.plan())
        return c.json(plan)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/retention/sweep',
      operationId: 'retentionSweep',
      summary: 'Remove the records past their retention rule, in batches (legal holds and minimums respected)',
      tag: 'retention',
      access: { kind: 'key', scope: 'admin' },
      body: SweepBody,
      responses: { 200: { description: 'what the sweep removed', schema: SweepAnswer } },
      handler: async ({ c, body }) => {
        // A client that goes away cancels the run between batches; `resume` can finish it later.
        const report = await sdkCall('body', () => privacy.retention.sweep({ batchSize: body.batchSize, signal: c.req.raw.signal }))
        return c.json(report)
      },
    }),
  ]
}
