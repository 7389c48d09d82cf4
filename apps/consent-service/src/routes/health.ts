import { z } from 'zod'
import { defineRoute, type AnyRoute } from '../http/route.js'

/** What `/readyz` checks: the database answers and this app's migrations are applied. */
export interface Readiness {
  check(): Promise<{ database: boolean; migrations: boolean }>
}

const Health = z.object({ status: z.literal('ok') })
const Ready = z.object({ status: z.enum(['ready', 'not_ready']), database: z.boolean(), migrations: z.boolean() })

/**
 * `GET /healthz` (the process answers) and `GET /readyz` (it can serve: database reachable and
 * migrations applied; 503 otherwise, so a load balancer takes it out of rotation).
 *
 * @example
 * const routes = healthRoutes({ check: async () => ({ database: true, migrations: true }) })
 */
export function healthRoutes(readiness: Readiness): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      summary: 'Liveness: the process answers',
      tag: 'operations',
      access: { kind: 'public' },
      responses: { 200: { description: 'alive', schema: Health } },
      handler: ({ c }) => c.json({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'ready',
      summary: 'Readiness: the database is reachable and migrations are applied',
      tag: 'operations',
      access: { kind: 'public' },
      responses: { 200: { description: 'ready', schema: Ready }, 503: { description: 'not ready', schema: Ready } },
      handler: async ({ c }) => {
        const state = await readiness.check().catch(() => ({ database: false, migrations: false }))
        const ready = state.database && state.migrations
        return c.json({ status: ready ? 'ready' : 'not_ready', ...state }, ready ? 200 : 503)
      },
    }),
  ]
}
