import { randomUUID } from 'node:crypto'
import { LEGAL_CLOCKS, ResponseClocks, RightType, SubjectId, Timestamp, TimestampDate, type Policy, type RightId } from '@onmion/privacy-schema'
import { z } from 'zod'
import { CLOCK_TOLERANCE_MS, notInFuture } from '../clock.js'
import type { PrivacyContext } from '../context.js'
import type { AppendedEvent, ConsistencyToken } from '../ledger/consistency.js'
import { PrivacyError, PrivacyErrorCode, invalidField, invalidInput } from '../errors.js'
import { guardInput } from '../input-guard.js'
import { LEDGER_SOURCE_ID, type DataSource } from '../records/sources.js'
import type { ExportBundle } from './bundle.js'
import { dueDates, resolveJurisdictions } from './deadline.js'
import { checkFulfilOptions, exportSubject, fulfilRequest, type FulfilOptions, type FulfilResult } from './fulfil.js'
import { RequestChannel, toRequest, type RightsRequest } from './request.js'
import { RequestStatus } from './status.js'
import { acknowledgeRequest, appendHistory, extendRequest, moveRequest, readRequest, rightsRecordStore } from './store.js'

// Checked against the clocks in `open` (naming the unknown entry); here only the shape.
const LawOrPlace = z.string().min(1).max(64)
const Jurisdictions = z.union([LawOrPlace, z.array(LawOrPlace).max(64)])
const Instant = Timestamp.transform((v) => (v instanceof Date ? v : new Date(v)))

/**
 * What `rights.open` takes. `jurisdiction` names the laws whose clock may apply, by clock id
 * (`gdpr`, `ccpa`, `us_va`, `lgpd`...) or by place (`US-CA`, `BR`, `EEA`: the clocks in force
 * there); omitted, every clock the SDK knows is considered (the strictest deadline wins), `[]`
 * means the policy's promise only.
 *
 * @example OpenRequestInput.parse({ subject: 'u_42', type: 'access', channel: 'email', jurisdiction: 'US-VA' })
 */
export const OpenRequestInput = z
  .object({
    subject: SubjectId,
    type: RightType,
    receivedAt: Instant.optional(),
    channel: RequestChannel,
    note: z.string().max(4000).optional(),
    jurisdiction: Jurisdictions.optional(),
  })
  .strict()
export type OpenRequestInput<P extends Policy = Policy> = Omit<z.input<typeof OpenRequestInput>, 'type'> & { readonly type: RightId<P> }

/**
 * A status change: a next status, a denial with a reason, an acknowledgement (once, while open;
 * the status stays), or an extension with a reason and the new due date (allowed once, when an
 * applicable law permits it, before the due date passes).
 *
 * @example await privacy.rights.transition(id, { to: 'denied', reason: 'identity could not be verified' })
 */
export type TransitionInput =
  | { readonly to: 'identity_verified' | 'in_progress' | 'completed'; readonly at?: Date; readonly reason?: string }
  | { readonly to: 'acknowledged'; readonly at?: Date; readonly reason?: string }
  | { readonly to: 'denied'; readonly reason: string; readonly at?: Date }
  | { readonly to: 'extended'; readonly reason: string; readonly dueAt: Date; readonly at?: Date }

const Reason = z.string().trim().min(1).max(2000)
const TransitionSchema = z.discriminatedUnion('to', [
  z.object({ to: z.enum(['identity_verified', 'in_progress', 'completed']), at: TimestampDate.optional(), reason: Reason.optional() }).strict(),
  z.object({ to: z.literal('acknowledged'), at: TimestampDate.optional(), reason: Reason.optional() }).strict(),
  z.object({ to: z.literal('denied'), reason: Reason, at: TimestampDate.optional() }).strict(),
  z.object({ to: z.literal('extended'), reason: Reason, dueAt: TimestampDate, at: TimestampDate.optional() }).strict(),
])

/**
 * Filters of `rights.list`. `overdue` compares the answer's due date with `now` (default: the
 * clock); `acknowledgementOverdue` the acknowledgement's, for open requests not acknowledged yet.
 *
 * @example await privacy.rights.list({ overdue: true })
 */
export interface ListRequestsFilter<P extends Policy = Policy> {
  readonly status?: RequestStatus | readonly RequestStatus[]
  readonly type?: RightId<P>
  readonly subject?: string
  readonly overdue?: boolean
  readonly acknowledgementOverdue?: boolean
  readonly dueBefore?: Date
  readonly now?: Date
  readonly limit?: number
}

const ValidDate = TimestampDate
// Status is checked against the machine below (naming the bad entry); the rest here, so a
// mistyped filter is refused rather than silently ignored (which would list every request).
const ListFilterShape = z
  .object({
    status: z.unknown().optional(),
    type: z.string().optional(),
    subject: SubjectId.optional(),
    overdue: z.boolean().optional(),
    acknowledgementOverdue: z.boolean().optional(),
    dueBefore: ValidDate.optional(),
    now: ValidDate.optional(),
    limit: z.number().int().min(1).optional(),
  })
  .strict()

/**
 * `privacy.rights`: rights requests with deadlines and history, data sources, and fulfilment.
 *
 * @example
 * const r = await privacy.rights.open({ subject: 'u_42', type: 'access', channel: 'email' })
 * await privacy.rights.transition(r.id, { to: 'identity_verified' })
 * const { bundle } = await privacy.rights.fulfil(r.id)
 */
export interface Rights<P extends Policy = Policy> {
  open(input: OpenRequestInput<P>): Promise<RightsRequest<P>>
  get(id: string): Promise<RightsRequest<P>>
  list(filter?: ListRequestsFilter<P>): Promise<RightsRequest<P>[]>
  transition(id: string, change: TransitionInput): Promise<RightsRequest<P>>
  fulfil(id: string, options?: FulfilOptions<P>): Promise<FulfilResult<P>>
  /**
   * Lifts the restriction or objection a completed request put in place: the request after it,
   * with `consistencyToken`, the position of the events it recorded (none when an objection
   * named no purpose), for reads on any instance that must see the lift (`{ atLeast }`).
   */
  lift(id: string, input: { reason: string }): Promise<RightsRequest<P> & { readonly consistencyToken?: ConsistencyToken }>
  /** Registers a data source (the same as `privacy.registerSource`). */
  registerSource(source: DataSource<P>): void
  /** The registered source ids, the ledger first. */
  sources(): string[]
  /** The access / portability bundle of a subject. */
  export(subject: string): Promise<ExportBundle>
}

/**
 * Options of the rights feature (`createPrivacy({ rights })`).
 *
 * @example await createPrivacy({ policy, rights: { clocks: { clocks: [...LEGAL_CLOCKS.clocks, myLaw], holidays: LEGAL_CLOCKS.holidays } } })
 */
export interface RightsOptions {
  /** The legal response clocks (default `LEGAL_CLOCKS`); validated with `ResponseClocks`. */
  readonly clocks?: ResponseClocks
}

/** The answer recorded on a request about a subject of whom nothing is held. */
export const NO_DATA_ANSWER = 'no personal data held'

/**
 * Creates `privacy.rights` for a context, and registers the rights requests table as a record
 * store, so retention sweeps closed requests like any other source. `options.clocks`: the legal
 * response clocks due dates are computed from (default: the schema package's `LEGAL_CLOCKS`).
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming the field; NOT_FOUND for an unknown request
 * (or, on export and fulfilment, a subject with no data); ILLEGAL_TRANSITION for a transition the status machine refuses. Nothing is
 * written when an error is thrown.
 * @example
 * const rights = createRights(ctx)
 * rights.registerSource({ id: 'crm', categories: ['identifiers'], export: crm.dump, erase: crm.erase })
 */
export function createRights<P extends Policy>(ctx: PrivacyContext<P>, options: RightsOptions = {}): Rights<P> {
  const { db, policy } = ctx
  const clocks = options.clocks === undefined ? LEGAL_CLOCKS : ResponseClocks.parse(options.clocks)
  const { sources } = ctx.records
  sources.registerStore(rightsRecordStore(policy, db))
  const rightIds = new Set<string>(policy.rights.types.map((r) => r.id))

  async function subjectExists(subject: SubjectId): Promise<boolean> {
    const event = await db.selectFrom('privacy_events').select('id').where('subject', '=', subject).limit(1).executeTakeFirst()
    if (event) return true
    for (const { source } of sources.list()) {
      if (source.has ? await source.has(subject) : (await source.export(subject)).length > 0) return true
    }
    return false
  }

  async function requireSubject(subject: SubjectId): Promise<void> {
    if (!(await subjectExists(subject))) throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `subject: no data held about "${subject}" in the ledger or any source`, { field: 'subject' })
  }

  const checkAt = (at: Date | undefined, field: string): Date => notInFuture(at, { field, clock: ctx.now(), toleranceMs: CLOCK_TOLERANCE_MS })

  const parseSubject = (subject: string): SubjectId => {
    const parsed = SubjectId.safeParse(subject)
    if (!parsed.success) throw invalidInput(parsed.error, 'subject')
    return parsed.data
  }

  return {
    async open(input) {
      guardInput(input)
      const parsed = OpenRequestInput.safeParse(input)
      if (!parsed.success) throw invalidInput(parsed.error)
      const { subject, type, channel, note } = parsed.data
      if (!rightIds.has(type)) throw invalidField('type', `"${type}" is not a right of the policy (${[...rightIds].join(', ')})`)
      const receivedAt = checkAt(parsed.data.receivedAt, 'receivedAt')
      const jurisdictions = resolveJurisdictions(clocks, parsed.data.jurisdiction)
      const due = dueDates(clocks, receivedAt, policy.rights.deadline, type, jurisdictions)
      // Every request is answered (GDPR Art. 15(1): confirm *whether* data is processed): about a
      // subject of whom nothing is held, the request is opened and closed at once with that answer.
      const held = await subjectExists(subject)
      const answeredAt = held ? null : new Date(Math.max(ctx.now().getTime(), receivedAt.getTime()))
      const id = `rr_${randomUUID().replaceAll('-', '')}`
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('privacy_rights_requests')
          .values({
            id,
            subject,
            type,
            channel,
            note: note ?? null,
            status: answeredAt === null ? 'received' : 'completed',
            jurisdictions: JSON.stringify(jurisdictions),
            deadline_rule: due.respondRule,
            received_at: receivedAt,
            due_at: due.respondAt,
            acknowledge_due_at: due.acknowledgeAt,
            acknowledge_rule: due.acknowledgeRule,
            acknowledged_at: answeredAt,
            extension_limit: due.extensionLimit ?? null,
            extended: false,
            closed_at: answeredAt,
            outcome: answeredAt === null ? null : JSON.stringify({ answer: NO_DATA_ANSWER, noDataHeld: true }),
            policy_version: policy.meta.version,
          })
          .execute()
        await trx.insertInto('privacy_rights_history').values({ request_id: id, seq: 1, status: 'received', at: receivedAt, reason: null, due_at: due.respondAt }).execute()
        if (answeredAt !== null) {
          await trx.insertInto('privacy_rights_history').values({ request_id: id, seq: 2, status: 'completed', at: answeredAt, reason: NO_DATA_ANSWER, due_at: null }).execute()
        }
      })
      return readRequest<P>(db, id)
    },

    get: (id) => readRequest<P>(db, id),

    async list(filter = {}) {
      const checked = ListFilterShape.safeParse(filter)
      if (!checked.success) throw invalidInput(checked.error)
      if (filter.type !== undefined && !rightIds.has(filter.type)) throw invalidField('type', `"${filter.type}" is not a right of the policy (${[...rightIds].join(', ')})`)
      const now = filter.now ?? ctx.now()
      let query = db.selectFrom('privacy_rights_requests').selectAll().orderBy('due_at').orderBy('id')
      if (filter.status !== undefined) {
        const statuses: readonly string[] = typeof filter.status === 'string' ? [filter.status] : filter.status
        for (const [i, s] of statuses.entries()) if (!(s in RequestStatus)) throw invalidField(typeof filter.status === 'string' ? 'status' : `status[${i}]`, `unknown status "${s}"`)
        if (statuses.length === 0) return []
        query = query.where('status', 'in', [...statuses])
      }
      if (filter.type !== undefined) query = query.where('type', '=', filter.type)
      if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject)
      if (filter.dueBefore !== undefined) query = query.where('due_at', '<', filter.dueBefore)
      if (filter.overdue === true) query = query.where('closed_at', 'is', null).where('due_at', '<', now)
      if (filter.overdue === false) query = query.where((eb) => eb.or([eb('closed_at', 'is not', null), eb('due_at', '>=', now)]))
      if (filter.acknowledgementOverdue === true) query = query.where('closed_at', 'is', null).where('acknowledged_at', 'is', null).where('acknowledge_due_at', '<', now)
      if (filter.acknowledgementOverdue === false) {
        query = query.where((eb) => eb.or([eb('closed_at', 'is not', null), eb('acknowledged_at', 'is not', null), eb('acknowledge_due_at', 'is', null), eb('acknowledge_due_at', '>=', now)]))
      }
      if (filter.limit !== undefined) query = query.limit(filter.limit)
      const rows = await query.execute()
      if (rows.length === 0) return []
      const history = await db.selectFrom('privacy_rights_history').selectAll().where('request_id', 'in', rows.map((r) => r.id)).orderBy('request_id').orderBy('seq').execute()
      const byRequest = new Map<string, (typeof history)[number][]>()
      for (const h of history) byRequest.set(h.request_id, [...(byRequest.get(h.request_id) ?? []), h])
      return rows.map((r) => toRequest<P>(r, byRequest.get(r.id) ?? []))
    },

    async transition(id, change) {
      guardInput(change)
      const parsed = TransitionSchema.safeParse(change)
      if (!parsed.success) throw invalidInput(parsed.error)
      const at = checkAt(parsed.data.at, 'at')
      await db.transaction().execute(async (trx) => {
        const request = await readRequest(trx, id)
        const data = parsed.data
        const last = request.history.at(-1)
        if (data.at !== undefined && last !== undefined && at < last.at) throw invalidField('at', `${at.toISOString()} is before the request's last change (${last.at.toISOString()})`)
        if (data.to === 'acknowledged') await acknowledgeRequest(trx, request, at, data.reason ?? null)
        else if (data.to !== 'extended') await moveRequest(trx, request, data.to, at, data.reason ?? null)
        else {
          // Requests opened before the limit was stored have none: it is computed again.
          const limit = request.extensionLimit ?? dueDates(clocks, request.receivedAt, policy.rights.deadline, request.type, request.jurisdictions).extensionLimit
          await extendRequest(trx, request, { dueAt: data.dueAt, at, reason: data.reason, limit })
        }
      })
      return readRequest<P>(db, id)
    },

    async fulfil(id, options = {}) {
      guardInput(options)
      const request = await readRequest<P>(db, id)
      if (request.status !== 'identity_verified' && request.status !== 'in_progress') {
        const why =
          request.closedAt === null
            ? "the requester's identity is not verified yet: transition it to identity_verified first"
            : `it is already ${request.status} and closed requests stay closed: open a new request if the subject asks again`
        throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `status: a ${request.status} request cannot be fulfilled: ${why}`, {
          field: 'status',
        })
      }
      const purposes = checkFulfilOptions(policy, request, options)
      await requireSubject(request.subject)
      return fulfilRequest(ctx, request, purposes, options)
    },

    async lift(id, input) {
      const reason = Reason.safeParse(input.reason)
      if (!reason.success) throw invalidInput(reason.error, 'reason')
      const request = await readRequest<P>(db, id)
      if (request.type !== 'restriction' && request.type !== 'objection') throw invalidField('id', `request "${id}" is a ${request.type} request; only restriction and objection are lifted`)
      if (request.status !== 'completed') throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `status: a ${request.status} request put nothing in place to lift`, { field: 'status' })
      if (request.history.some((h) => h.status === 'lifted')) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `status: request "${id}" was already lifted`, { field: 'status' })
      const evidence = { requestId: id, reason: reason.data }
      const method = 'rights_request'
      let recorded: readonly AppendedEvent<P>[]
      if (request.type === 'restriction') {
        recorded = [await ctx.ledger.append({ subject: request.subject, type: 'restriction.lifted', method, evidence })]
      } else {
        const purposes = (request.outcome?.objection as { purposes?: string[] } | undefined)?.purposes ?? []
        recorded = await ctx.ledger.appendMany(purposes.map((purpose) => ({ subject: request.subject, type: 'objection.lifted', purpose, method, evidence })))
      }
      await db.transaction().execute(async (trx) => appendHistory(trx, id, 'lifted', ctx.now(), reason.data, null))
      const lifted = await readRequest<P>(db, id)
      // One subject's chain: the last event's position covers every event before it.
      const last = recorded.at(-1)
      return last === undefined ? lifted : { ...lifted, consistencyToken: last.consistencyToken }
    },

    registerSource(source) {
      sources.register(source)
    },

    sources: () => [LEDGER_SOURCE_ID, ...sources.list().map((s) => s.source.id)],

    export: (subject) => exportSubject(ctx, parseSubject(subject)),
  }
}
