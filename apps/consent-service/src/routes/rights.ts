import { EntityId, RightType, SubjectId } from '@onmion/privacy-schema'
import { OpenRequestInput, RequestStatus } from '@onmion/privacy-server'
import { z } from 'zod'
import { ConsistencyTokenField, tokenHeaders } from '../http/consistency-token.js'
import { HttpProblem } from '../http/problem.js'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

const Status = z.enum(Object.values(RequestStatus) as [RequestStatus, ...RequestStatus[]])
const IdParams = z.object({ id: z.string().min(1).max(100).describe('the request id') })
const Instant = z.iso.datetime({ offset: true })
const Reason = z.string().trim().min(1).max(2000)

const ListQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined
      const list = value.split(',').map((s) => s.trim())
      for (const s of list) {
        if (!Status.safeParse(s).success) {
          ctx.addIssue({ code: 'custom', message: `unknown status "${s}"; one of ${Status.options.join(', ')}` })
          return z.NEVER
        }
      }
      return list as RequestStatus[]
    })
    .describe('one status or several, comma-separated'),
  overdue: z.enum(['true', 'false']).optional().describe('only requests past their due date (true) or not (false)'),
  acknowledgementOverdue: z.enum(['true', 'false']).optional().describe('only open requests not acknowledged by their acknowledgement due date (true) or not (false)'),
  type: RightType.optional(),
  subject: SubjectId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

/**
 * A step of a request: `acknowledged` (once; the status stays), `identity_verified`, `in_progress`, `denied` (with a reason), `extended`
 * (with a reason and the new due date), or `completed`. Completing fulfils the right through the
 * SDK (export, erasure, restriction, objection, rectification with `patch`) unless
 * `fulfil: false` records a completion done elsewhere.
 */
const TransitionBody = z.discriminatedUnion('to', [
  z.object({ to: z.enum(['acknowledged', 'identity_verified', 'in_progress']), reason: Reason.optional() }).strict(),
  z.object({ to: z.literal('denied'), reason: Reason }).strict(),
  z.object({ to: z.literal('extended'), reason: Reason, dueAt: Instant }).strict(),
  z
    .object({
      to: z.literal('completed'),
      fulfil: z.boolean().default(true),
      reason: Reason.optional(),
      patch: z.record(z.string(), z.json()).optional().describe('the correction, for a rectification'),
      purposes: z.array(EntityId).optional().describe('for an objection: the purposes (default: every objectable purpose)'),
    })
    .strict(),
])

const RequestView = z.object({
  id: z.string(),
  subject: z.string(),
  type: z.string(),
  channel: z.string(),
  note: z.string().nullable(),
  status: Status,
  jurisdictions: z.array(z.string()),
  receivedAt: z.string(),
  dueAt: z.string(),
  deadlineRule: z.string(),
  acknowledgeDueAt: z.string().nullable().describe('when the request must be acknowledged (a law asks: CCPA 10 business days); null when none does'),
  acknowledgeRule: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgementOverdue: z.boolean(),
  extensionLimit: z.string().nullable().describe('the latest date an extension may reach; null when no applicable law allows one'),
  extended: z.boolean(),
  overdue: z.boolean(),
  closedAt: z.string().nullable(),
  outcome: z.record(z.string(), z.unknown()).nullable(),
  policyVersion: z.string(),
  history: z.array(z.object({ status: z.string(), at: z.string(), reason: z.string().nullable(), dueAt: z.string().nullable() })),
}).meta({ id: 'RightsRequest' })

/** The access/portability bundle: its manifest, and each source's records by source id. */
const ExportBundleView = z.object({ format: z.string(), manifest: z.looseObject({ subject: z.string(), policyVersion: z.string(), generatedAt: z.string() }), records: z.record(z.string(), z.array(z.unknown())) })

type RightsRequest = Awaited<ReturnType<ServicePrivacy['rights']['get']>>

function view(request: RightsRequest, now: Date): z.infer<typeof RequestView> {
  const closed = request.status === 'completed' || request.status === 'denied'
  return {
    id: request.id,
    subject: request.subject,
    type: request.type,
    channel: request.channel,
    note: request.note,
    status: request.status,
    jurisdictions: [...request.jurisdictions],
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    deadlineRule: request.deadlineRule,
    acknowledgeDueAt: request.acknowledgeDueAt?.toISOString() ?? null,
    acknowledgeRule: request.acknowledgeRule,
    acknowledgedAt: request.acknowledgedAt?.toISOString() ?? null,
    acknowledgementOverdue: !closed && request.acknowledgedAt === null && request.acknowledgeDueAt !== null && request.acknowledgeDueAt.getTime() < now.getTime(),
    extensionLimit: request.extensionLimit?.toISOString() ?? null,
    extended: request.extended,
    overdue: !closed && request.dueAt.getTime() < now.getTime(),
    closedAt: request.closedAt?.toISOString() ?? null,
    outcome: request.outcome === null ? null : { ...request.outcome },
    policyVersion: request.policyVersion,
    history: request.history.map((h) => ({ status: h.status, at: h.at.toISOString(), reason: h.reason, dueAt: h.dueAt?.toISOString() ?? null })),
  }
}

const EXPORTABLE = new Set(['access', 'portability'])

/**
 * Rights requests over HTTP (scope `rights:manage`): open, list (by status, overdue), read,
 * move through their steps, and download the access/portability export.
 *
 * @example
 * const routes = rightsRoutes(privacy)
 */
export function rightsRoutes(privacy: ServicePrivacy): AnyRoute[] {
  const now = (): Date => privacy.context.now()
  return [
    defineRoute({
      method: 'post',
      path: '/v1/rights-requests',
      operationId: 'openRightsRequest',
      summary: 'Open a rights request; its due date comes from the policy and the applicable laws',
      tag: 'rights',
      access: { kind: 'key', scope: 'rights:manage' },
      body: OpenRequestInput,
      responses: { 201: { description: 'opened', schema: RequestView }, 404: { description: 'no data held about the subject in the ledger or any source' } },
      handler: async ({ c, body }) => {
        const request = await sdkCall('body', () => privacy.rights.open(body))
        return c.json(view(request, now()), 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/rights-requests',
      operationId: 'listRightsRequests',
      summary: 'List rights requests, by status and overdue',
      tag: 'rights',
      access: { kind: 'key', scope: 'rights:manage' },
      query: ListQuery,
      responses: { 200: { description: 'the requests, oldest due first', schema: z.object({ requests: z.array(RequestView) }) } },
      handler: async ({ c, query }) => {
        const filter = {
          limit: query.limit,
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.overdue === undefined ? {} : { overdue: query.overdue === 'true' }),
          ...(query.acknowledgementOverdue === undefined ? {} : { acknowledgementOverdue: query.acknowledgementOverdue === 'true' }),
          ...(query.type === undefined ? {} : { type: query.type }),
          ...(query.subject === undefined ? {} : { subject: query.subject }),
        }
        const requests = await sdkCall('query', () => privacy.rights.list(filter))
        const at = now()
        return c.json({ requests: requests.map((r) => view(r, at)) })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/rights-requests/{id}',
      operationId: 'getRightsRequest',
      summary: 'A rights request with its history',
      tag: 'rights',
      access: { kind: 'key', scope: 'rights:manage' },
      params: IdParams,
      responses: { 200: { description: 'the request', schema: RequestView }, 404: { description: 'no such request' } },
      handler: async ({ c, params }) => c.json(view(await sdkCall('path', () => privacy.rights.get(params.id)), now())),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/rights-requests/{id}/transitions',
      operationId: 'transitionRightsRequest',
      summary: 'Move a rights request a step (completing it fulfils the right)',
      tag: 'rights',
      access: { kind: 'key', scope: 'rights:manage' },
      params: IdParams,
      body: TransitionBody,
      responses: {
        200: {
          description: 'the request after the step (and, for an erasure, what was kept and why)',
          schema: RequestView.extend({
            erasure: z.unknown().optional(),
            consistencyToken: ConsistencyTokenField.optional().describe('completing a restriction, an objection or an erasure: the position of the events it recorded (also in the Onmion-Consistency-Token header)'),
          }),
        },
        404: { description: 'no such request' },
        409: { description: 'the step is not allowed from the current status' },
      },
      handler: async ({ c, params, body }) => {
        if (body.to === 'completed' && body.fulfil) {
          const options = { ...(body.patch === undefined ? {} : { patch: body.patch }), ...(body.purposes === undefined ? {} : { purposes: body.purposes }) }
          const result = await sdkCall('body', () => privacy.rights.fulfil(params.id, options))
          const token = result.consistencyToken === undefined ? {} : { consistencyToken: result.consistencyToken }
          return c.json({ ...view(result.request, now()), ...(result.erasure === undefined ? {} : { erasure: result.erasure }), ...token }, 200, tokenHeaders(result.consistencyToken))
        }
        const change =
          body.to === 'extended'
            ? { to: 'extended' as const, reason: body.reason, dueAt: new Date(body.dueAt) }
            : body.to === 'denied'
              ? { to: 'denied' as const, reason: body.reason }
              : { to: body.to, ...(body.reason === undefined ? {} : { reason: body.reason }) }
        const request = await sdkCall('body', () => privacy.rights.transition(params.id, change))
        return c.json(view(request, now()))
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/rights-requests/{id}/export',
      operationId: 'exportRightsRequest',
      summary: "The subject's data (access, portability) as a machine-readable JSON bundle",
      description: 'Only for access and portability requests whose identity was verified.',
      tag: 'rights',
      access: { kind: 'key', scope: 'rights:manage' },
      params: IdParams,
      responses: { 200: { description: 'the export bundle (a download)', schema: ExportBundleView }, 404: { description: 'no such request' }, 409: { description: 'not an access or portability request, or identity not verified' } },
      handler: async ({ c, params }) => {
        const request = await sdkCall('path', () => privacy.rights.get(params.id))
        if (!EXPORTABLE.has(request.type)) throw new HttpProblem(409, 'conflict', `a ${request.type} request has no export; only access and portability requests do`)
        if (request.status === 'received' || request.status === 'denied') {
          throw new HttpProblem(409, 'conflict', `the request is ${request.status}: verify the identity before exporting`)
        }
        const bundle = await sdkCall('path', () => privacy.rights.export(request.subject))
        return c.json(bundle, 200, { 'content-disposition': `attachment; filename="export-${request.id}.json"`, 'cache-control': 'no-store' })
      },
    }),
  ]
}
