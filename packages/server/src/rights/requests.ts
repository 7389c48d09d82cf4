import { randomUUID } from 'node:crypto'
import { SubjectId, type Policy, type PurposeId, type RightId } from '@onmion/privacy-schema'
import type { Selectable, Transaction } from 'kysely'
import { z } from 'zod'
import type { PrivacyContext } from '../context.js'
import { PrivacyError, PrivacyErrorCode, invalidField, invalidInput } from '../errors.js'
import type { ConsistencyToken } from '../ledger/consistency.js'
import { CLOCK_TOLERANCE_MS } from '../retention/cutoff.js'
import { createLegalHolds } from '../retention/holds.js'
import { ledgerRules } from '../retention/ledger-rules.js'
import { LEDGER_SOURCE_ID, sourceRegistry, type DataSource, type ResolvedSource } from '../retention/sources.js'
import type { Tables } from '../storage/tables.js'
import { buildExportBundle, type ExportBundle, type SourceExport } from './bundle.js'
import { ALL_JURISDICTIONS, dueDate, extensionLimit, type DeadlineRule, type Jurisdiction } from './deadline.js'
import { eraseSubject, type ErasureReport } from './erasure.js'
import { canMove, isClosed, RequestStatus } from './status.js'

/**
 * One entry of a request's history: a status it moved to, an extension (`extended`, with the
 * new due date) or the lifting of a restriction or objection (`lifted`).
 *
 * @example request.history.map((h) => h.status) // ['received', 'identity_verified', ...]
 */
export interface RequestHistoryEntry {
  readonly status: RequestStatus | 'extended' | 'lifted'
  readonly at: Date
  readonly reason: string | null
  readonly dueAt: Date | null
}

/**
 * A rights request with its deadline and history.
 *
 * @example const request: RightsRequest = await privacy.rights.get('rr_...')
 */
export interface RightsRequest<P extends Policy = Policy> {
  readonly id: string
  readonly subject: SubjectId
  readonly type: RightId<P>
  readonly channel: string
  readonly note: string | null
  readonly status: RequestStatus
  /** The laws considered for the deadline. */
  readonly jurisdictions: readonly Jurisdiction[]
  readonly receivedAt: Date
  readonly dueAt: Date
  /** Which deadline set `dueAt`: the policy's, or an earlier one of a law. */
  readonly deadlineRule: DeadlineRule
  readonly extended: boolean
  readonly closedAt: Date | null
  /** What fulfilment reported (counts, rules, dates, failures), never the subject's data. */
  readonly outcome: Readonly<Record<string, unknown>> | null
  readonly policyVersion: string
  readonly history: readonly RequestHistoryEntry[]
}

const Jurisdictions = z.union([z.enum(['gdpr', 'ccpa']), z.array(z.enum(['gdpr', 'ccpa'])).max(2)])
const Instant = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => (v instanceof Date ? v : new Date(v)))

/**
 * What `rights.open` takes. `jurisdiction` names the laws whose deadline may apply; omitted,
 * every law the SDK knows is considered (the strictest deadline wins), `[]` means the policy's
 * deadline only.
 *
 * @example OpenRequestInput.parse({ subject: 'u_42', type: 'access', channel: 'email', jurisdiction: 'gdpr' })
 */
export const OpenRequestInput = z
  .object({
    subject: SubjectId,
    type: z.string(),
    receivedAt: Instant.optional(),
    channel: z.string().trim().min(1).max(64),
    note: z.string().max(4000).optional(),
    jurisdiction: Jurisdictions.optional(),
  })
  .strict()
export type OpenRequestInput = z.input<typeof OpenRequestInput>

/**
 * A status change: a next status, a denial with a reason, or an extension with a reason and the
 * new due date (allowed once, when an applicable law permits it, before the due date passes).
 *
 * @example await privacy.rights.transition(id, { to: 'denied', reason: 'identity could not be verified' })
 */
export type TransitionInput =
  | { readonly to: 'identity_verified' | 'in_progress' | 'completed'; readonly at?: Date; readonly reason?: string }
  | { readonly to: 'denied'; readonly reason: string; readonly at?: Date }
  | { readonly to: 'extended'; readonly reason: string; readonly dueAt: Date; readonly at?: Date }

const Reason = z.string().trim().min(1).max(2000)
const TransitionSchema = z.discriminatedUnion('to', [
  z.object({ to: z.enum(['identity_verified', 'in_progress', 'completed']), at: z.date().optional(), reason: Reason.optional() }).strict(),
  z.object({ to: z.literal('denied'), reason: Reason, at: z.date().optional() }).strict(),
  z.object({ to: z.literal('extended'), reason: Reason, dueAt: z.date(), at: z.date().optional() }).strict(),
])

/**
 * Filters of `rights.list`. `overdue` compares the due date with `now` (default: the clock).
 *
 * @example await privacy.rights.list({ overdue: true })
 */
export interface ListRequestsFilter<P extends Policy = Policy> {
  readonly status?: RequestStatus | readonly RequestStatus[]
  readonly type?: RightId<P>
  readonly subject?: string
  readonly overdue?: boolean
  readonly dueBefore?: Date
  readonly now?: Date
  readonly limit?: number
}

const ValidDate = z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date')
// Status is checked against the machine below (naming the bad entry); the rest here, so a
// mistyped filter is refused rather than silently ignored (which would list every request).
const ListFilterShape = z
  .object({
    status: z.unknown().optional(),
    type: z.string().optional(),
    subject: SubjectId.optional(),
    overdue: z.boolean().optional(),
    dueBefore: ValidDate.optional(),
    now: ValidDate.optional(),
    limit: z.number().int().min(1).optional(),
  })
  .strict()

/**
 * Options of `rights.fulfil`: the correction for a rectification, the purposes of an objection
 * (default: every purpose the subject may object to).
 *
 * @example await privacy.rights.fulfil(id, { purposes: ['security_monitoring'] })
 */
export interface FulfilOptions<P extends Policy = Policy> {
  readonly patch?: Readonly<Record<string, unknown>>
  readonly purposes?: readonly PurposeId<P>[]
}

/**
 * What `rights.fulfil` returns: the request after it, and for access and portability the bundle,
 * for erasure the report.
 *
 * @example const { request, bundle } = await privacy.rights.fulfil(id)
 */
export interface FulfilResult<P extends Policy = Policy> {
  readonly request: RightsRequest<P>
  readonly bundle?: ExportBundle
  readonly erasure?: ErasureReport
  /** For a restriction or objection: the position of the events it recorded, for reads that must see them (`{ atLeast }`). */
  readonly consistencyToken?: ConsistencyToken
}

/**
 * `privacy.rights`: rights requests with deadlines and history, data sources, and fulfilment.
 *
 * @example
 * const r = await privacy.rights.open({ subject: 'u_42', type: 'access', channel: 'email' })
 * await privacy.rights.transition(r.id, { to: 'identity_verified' })
 * const { bundle } = await privacy.rights.fulfil(r.id)
 */
export interface Rights<P extends Policy = Policy> {
  open(input: OpenRequestInput): Promise<RightsRequest<P>>
  get(id: string): Promise<RightsRequest<P>>
  list(filter?: ListRequestsFilter<P>): Promise<RightsRequest<P>[]>
  transition(id: string, change: TransitionInput): Promise<RightsRequest<P>>
  fulfil(id: string, options?: FulfilOptions<P>): Promise<FulfilResult<P>>
  /** Lifts the restriction or objection a completed request put in place. */
  lift(id: string, input: { reason: string }): Promise<RightsRequest<P>>
  registerSource(source: DataSource<P>): void
  /** The registered source ids, the ledger first. */
  sources(): string[]
  /** The access / portability bundle of a subject. */
  export(subject: string): Promise<ExportBundle>
}

type RequestRow = Selectable<Tables['privacy_rights_requests']>
type HistoryRow = Selectable<Tables['privacy_rights_history']>

/**
 * Creates `privacy.rights` for a context.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming the field; NOT_FOUND for an unknown request
 * or subject; ILLEGAL_TRANSITION for a transition the status machine refuses. Nothing is
 * written when an error is thrown.
 * @example
 * const rights = createRights(ctx)
 * rights.registerSource({ id: 'crm', categories: ['identifiers'], export: crm.dump, erase: crm.erase })
 */
export function createRights<P extends Policy>(ctx: PrivacyContext<P>): Rights<P> {
  const { db, policy } = ctx
  const registry = sourceRegistry(ctx)
  const holds = createLegalHolds(db, new Set(policy.retention.map((r) => r.id)), () => ctx.now())
  const rightIds = new Set<string>(policy.rights.types.map((r) => r.id))
  const eventKinds = [...ledgerRules(policy)].map(([kind, rules]) => ({ kind, rule: (rules[0] as { id: string }).id }))
  const ledgerCategories = policy.dataCategories.some((c) => c.id === 'identifiers') ? ['identifiers'] : []

  const sources = (): readonly ResolvedSource<P>[] => registry.list()

  async function read(id: string, executor: Transaction<Tables> | typeof db = db): Promise<RightsRequest<P>> {
    const row = await executor.selectFrom('privacy_rights_requests').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `id: no rights request "${id}"`, { field: 'id' })
    const history = await executor.selectFrom('privacy_rights_history').selectAll().where('request_id', '=', id).orderBy('seq').execute()
    return toRequest(row, history)
  }

  async function subjectExists(subject: SubjectId): Promise<boolean> {
    const event = await db.selectFrom('privacy_events').select('id').where('subject', '=', subject).limit(1).executeTakeFirst()
    if (event) return true
    for (const { source } of sources()) {
      if (source.has ? await source.has(subject) : (await source.export(subject)).length > 0) return true
    }
    return false
  }

  async function requireSubject(subject: SubjectId): Promise<void> {
    if (!(await subjectExists(subject))) throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `subject: no data held about "${subject}" in the ledger or any source`, { field: 'subject' })
  }

  function checkAt(at: Date | undefined, field: string): Date {
    const clock = ctx.now()
    if (at === undefined) return clock
    if (Number.isNaN(at.getTime())) throw invalidField(field, 'must be a valid date')
    if (at.getTime() > clock.getTime() + CLOCK_TOLERANCE_MS) throw invalidField(field, `${at.toISOString()} is in the future`)
    return at
  }

  /** Applies a status change inside `trx`, refusing what the machine does not allow. */
  async function move(trx: Transaction<Tables>, request: RightsRequest<P>, to: RequestStatus, at: Date, reason: string | null, outcome?: unknown): Promise<void> {
    if (isClosed(request.status)) {
      throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${request.id}" is ${request.status} (closed); nothing moves it to ${to}`, { field: 'to' })
    }
    if (!canMove(request.status, to)) {
      throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: a ${request.status} request cannot move to ${to}`, { field: 'to' })
    }
    const updated = await trx
      .updateTable('privacy_rights_requests')
      .set({ status: to, closed_at: isClosed(to) ? at : null, ...(outcome === undefined ? {} : { outcome: JSON.stringify(outcome) }) })
      .where('id', '=', request.id)
      .where('status', '=', request.status)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `id: request "${request.id}" changed meanwhile; read it again`, { field: 'id' })
    await appendHistory(trx, request, to, at, reason, null)
  }

  async function appendHistory(trx: Transaction<Tables>, request: RightsRequest<P>, status: string, at: Date, reason: string | null, due: Date | null): Promise<void> {
    const last = await trx.selectFrom('privacy_rights_history').select((eb) => eb.fn.max('seq').as('seq')).where('request_id', '=', request.id).executeTakeFirst()
    await trx.insertInto('privacy_rights_history').values({ request_id: request.id, seq: (last?.seq ?? 0) + 1, status, at, reason, due_at: due }).execute()
  }

  async function setOutcome(id: string, outcome: unknown): Promise<void> {
    await db.updateTable('privacy_rights_requests').set({ outcome: JSON.stringify(outcome) }).where('id', '=', id).execute()
  }

  async function exportOf(subject: SubjectId): Promise<ExportBundle> {
    const events = await ctx.ledger.history(subject)
    const parts: SourceExport[] = [
      { id: LEDGER_SOURCE_ID, categories: ledgerCategories, recordKinds: eventKinds, records: events.map((e) => JSON.parse(JSON.stringify(e)) as unknown) },
    ]
    for (const { source, kinds } of sources()) {
      const records = await source.export(subject)
      if (!Array.isArray(records)) throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `source "${source.id}": export must return an array`)
      parts.push({ id: source.id, categories: source.categories, recordKinds: [...kinds].map(([kind, rules]) => ({ kind, rule: (rules[0] as { id: string }).id })), records })
    }
    if (parts.every((p) => p.records.length === 0)) {
      throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `subject: no data held about "${subject}" in the ledger or any source`, { field: 'subject' })
    }
    return buildExportBundle(policy, subject, ctx.now(), parts)
  }

  const parseSubject = (subject: string): SubjectId => {
    const parsed = SubjectId.safeParse(subject)
    if (!parsed.success) throw invalidInput(parsed.error, 'subject')
    return parsed.data
  }

  return {
    async open(input) {
      const parsed = OpenRequestInput.safeParse(input)
      if (!parsed.success) throw invalidInput(parsed.error)
      const { subject, type, channel, note } = parsed.data
      if (!rightIds.has(type)) throw invalidField('type', `"${type}" is not a right of the policy (${[...rightIds].join(', ')})`)
      const receivedAt = checkAt(parsed.data.receivedAt, 'receivedAt')
      const jurisdictionInput = parsed.data.jurisdiction
      const jurisdictions: Jurisdiction[] =
        jurisdictionInput === undefined ? [...ALL_JURISDICTIONS] : typeof jurisdictionInput === 'string' ? [jurisdictionInput] : [...new Set(jurisdictionInput)]
      await requireSubject(subject)
      const due = dueDate(receivedAt, policy.rights.deadline, jurisdictions)
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
            status: 'received',
            jurisdictions: JSON.stringify(jurisdictions),
            deadline_rule: due.rule,
            received_at: receivedAt,
            due_at: due.dueAt,
            extended: false,
            closed_at: null,
            outcome: null,
            policy_version: policy.meta.version,
          })
          .execute()
        await trx.insertInto('privacy_rights_history').values({ request_id: id, seq: 1, status: 'received', at: receivedAt, reason: null, due_at: due.dueAt }).execute()
      })
      return read(id)
    },

    get: (id) => read(id),

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
      if (filter.limit !== undefined) query = query.limit(filter.limit)
      const rows = await query.execute()
      if (rows.length === 0) return []
      const history = await db.selectFrom('privacy_rights_history').selectAll().where('request_id', 'in', rows.map((r) => r.id)).orderBy('request_id').orderBy('seq').execute()
      const byRequest = new Map<string, HistoryRow[]>()
      for (const h of history) byRequest.set(h.request_id, [...(byRequest.get(h.request_id) ?? []), h])
      return rows.map((r) => toRequest<P>(r, byRequest.get(r.id) ?? []))
    },

    async transition(id, change) {
      const parsed = TransitionSchema.safeParse(change)
      if (!parsed.success) throw invalidInput(parsed.error)
      const at = checkAt(parsed.data.at, 'at')
      await db.transaction().execute(async (trx) => {
        const request = await read(id, trx)
        const data = parsed.data
        const last = request.history.at(-1)
        if (data.at !== undefined && last !== undefined && at < last.at) throw invalidField('at', `${at.toISOString()} is before the request's last change (${last.at.toISOString()})`)
        if (data.to !== 'extended') {
          await move(trx, request, data.to, at, data.reason ?? null)
          return
        }
        if (isClosed(request.status)) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" is ${request.status} (closed); it cannot be extended`, { field: 'to' })
        if (request.extended) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" was already extended; the law allows one extension`, { field: 'to' })
        const limit = extensionLimit(request.receivedAt, request.jurisdictions)
        if (limit === undefined) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: no applicable law allows extending request "${id}" (the policy deadline has no extension)`, { field: 'to' })
        if (at > request.dueAt) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" was due ${request.dueAt.toISOString()}; an extension must be made before the due date`, { field: 'to' })
        if (Number.isNaN(data.dueAt.getTime()) || data.dueAt <= request.dueAt) throw invalidField('dueAt', `must be after the current due date ${request.dueAt.toISOString()}`)
        if (data.dueAt > limit) throw invalidField('dueAt', `must be no later than ${limit.toISOString()} (the longest extension the applicable law allows)`)
        const updated = await trx.updateTable('privacy_rights_requests').set({ due_at: data.dueAt, extended: true }).where('id', '=', id).where('extended', '=', false).executeTakeFirst()
        if (Number(updated.numUpdatedRows) !== 1) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `id: request "${id}" changed meanwhile; read it again`, { field: 'id' })
        await appendHistory(trx, request, 'extended', at, data.reason, data.dueAt)
      })
      return read(id)
    },

    async fulfil(id, options = {}) {
      const request = await read(id)
      if (request.status !== 'identity_verified' && request.status !== 'in_progress') {
        throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `status: a ${request.status} request cannot be fulfilled (verify the identity first; closed requests stay closed)`, {
          field: 'status',
        })
      }
      const purposes = request.type === 'objection' ? objectionPurposes(policy, options.purposes) : []
      if (request.type === 'rectification' && (options.patch === undefined || typeof options.patch !== 'object' || Array.isArray(options.patch))) {
        throw invalidField('patch', 'a rectification needs the correction as an object')
      }
      await requireSubject(request.subject)
      const start = async (): Promise<void> => {
        if (request.status === 'identity_verified') await db.transaction().execute((trx) => move(trx, request, 'in_progress', ctx.now(), null))
      }
      const complete = async (outcome: unknown): Promise<RightsRequest<P>> => {
        await db.transaction().execute(async (trx) => move(trx, await read(id, trx), 'completed', ctx.now(), null, outcome))
        return read(id)
      }
      const method = 'rights_request'
      const evidence = { requestId: id }

      switch (request.type) {
        case 'access':
        case 'portability': {
          const bundle = await exportOf(request.subject)
          await start()
          const counts = Object.fromEntries(Object.entries(bundle.records).map(([source, records]) => [source, records.length]))
          return { request: await complete({ exportedAt: bundle.manifest.generatedAt, records: counts }), bundle }
        }
        case 'erasure': {
          await start()
          const report = await eraseSubject(ctx, sources(), request.subject, await holds.activeFor(request.subject), ctx.now())
          if (report.failed) {
            await setOutcome(id, { erasure: report })
            return { request: await read(id), erasure: report }
          }
          return { request: await complete({ erasure: report }), erasure: report }
        }
        case 'rectification': {
          await start()
          const results: { source: string; status: 'rectified' | 'skipped' | 'failed'; error: string | null }[] = [{ source: LEDGER_SOURCE_ID, status: 'skipped', error: null }]
          for (const { source } of sources()) {
            if (!source.rectify) {
              results.push({ source: source.id, status: 'skipped', error: null })
              continue
            }
            try {
              await source.rectify(request.subject, options.patch ?? {})
              results.push({ source: source.id, status: 'rectified', error: null })
            } catch (error) {
              results.push({ source: source.id, status: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
            }
          }
          if (results.some((r) => r.status === 'failed')) {
            await setOutcome(id, { rectification: results })
            return { request: await read(id) }
          }
          return { request: await complete({ rectification: results }) }
        }
        case 'restriction': {
          await start()
          const event = await ctx.ledger.append({ subject: request.subject, type: 'restriction.set', method, evidence })
          return { request: await complete({ restriction: { eventId: event.id } }), consistencyToken: event.consistencyToken }
        }
        case 'objection': {
          await start()
          const events = await ctx.ledger.appendMany(purposes.map((purpose) => ({ subject: request.subject, type: 'objection.recorded', purpose, method, evidence })))
          const last = events.at(-1)
          const completed = await complete({ objection: { purposes, eventIds: events.map((e) => e.id) } })
          return last === undefined ? { request: completed } : { request: completed, consistencyToken: last.consistencyToken }
        }
        default:
          throw invalidField('type', `"${String(request.type)}" has no fulfilment`)
      }
    },

    async lift(id, input) {
      const reason = Reason.safeParse(input.reason)
      if (!reason.success) throw invalidInput(reason.error, 'reason')
      const request = await read(id)
      if (request.type !== 'restriction' && request.type !== 'objection') throw invalidField('id', `request "${id}" is a ${request.type} request; only restriction and objection are lifted`)
      if (request.status !== 'completed') throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `status: a ${request.status} request put nothing in place to lift`, { field: 'status' })
      if (request.history.some((h) => h.status === 'lifted')) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `status: request "${id}" was already lifted`, { field: 'status' })
      const evidence = { requestId: id, reason: reason.data }
      const method = 'rights_request'
      if (request.type === 'restriction') {
        await ctx.ledger.append({ subject: request.subject, type: 'restriction.lifted', method, evidence })
      } else {
        const purposes = ((request.outcome?.objection as { purposes?: string[] } | undefined)?.purposes ?? [])
        await ctx.ledger.appendMany(purposes.map((purpose) => ({ subject: request.subject, type: 'objection.lifted', purpose, method, evidence })))
      }
      await db.transaction().execute(async (trx) => appendHistory(trx, request, 'lifted', ctx.now(), reason.data, null))
      return read(id)
    },

    registerSource(source) {
      registry.register(source)
    },

    sources: () => [LEDGER_SOURCE_ID, ...sources().map((s) => s.source.id)],

    async export(subject) {
      return exportOf(parseSubject(subject))
    },
  }
}

function objectionPurposes(policy: Policy, asked: readonly string[] | undefined): string[] {
  const objectable: string[] = policy.purposes.filter((p) => p.objectable).map((p): string => p.id)
  if (asked === undefined) return objectable
  if (asked.length === 0) throw invalidField('purposes', 'must list at least one purpose')
  asked.forEach((purpose, i) => {
    if (!objectable.includes(purpose)) throw invalidField(`purposes[${i}]`, `"${purpose}" is not a purpose the subject may object to (${objectable.join(', ')})`)
  })
  return [...new Set(asked)]
}

function toRequest<P extends Policy>(row: RequestRow, history: readonly HistoryRow[]): RightsRequest<P> {
  return {
    id: row.id,
    subject: row.subject as SubjectId,
    type: row.type as RightId<P>,
    channel: row.channel,
    note: row.note,
    status: row.status as RequestStatus,
    jurisdictions: (typeof row.jurisdictions === 'string' ? JSON.parse(row.jurisdictions) : row.jurisdictions) as Jurisdiction[],
    receivedAt: row.received_at,
    dueAt: row.due_at,
    deadlineRule: row.deadline_rule as DeadlineRule,
    extended: row.extended,
    closedAt: row.closed_at,
    outcome: (typeof row.outcome === 'string' ? JSON.parse(row.outcome) : row.outcome) as Record<string, unknown> | null,
    policyVersion: row.policy_version,
    history: history.map((h) => ({ status: h.status as RequestHistoryEntry['status'], at: h.at, reason: h.reason, dueAt: h.due_at })),
  }
}
