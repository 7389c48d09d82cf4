import type { Policy, PurposeId, SubjectId } from '@onmion/privacy-schema'
import type { PrivacyContext } from '../context.js'
import { PrivacyError, PrivacyErrorCode, invalidField } from '../errors.js'
import type { ConsistencyToken } from '../ledger/consistency.js'
import { subjectEventRows, toEventJson } from '../ledger/rows.js'
import { ledgerRules } from '../records/ledger-rules.js'
import { LEDGER_SOURCE_ID } from '../records/sources.js'
import { buildExportBundle, type ExportBundle, type SourceExport } from './bundle.js'
import { eraseSubject, type ErasureReport } from './erasure.js'
import type { RightsRequest } from './request.js'
import { moveRequest, readRequest, setOutcome } from './store.js'

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
  /** For a restriction, an objection or an erasure: the position of the events it recorded, for reads that must see them (`{ atLeast }`). */
  readonly consistencyToken?: ConsistencyToken
}

/**
 * The access / portability bundle of a subject: the ledger's events, then every registered
 * source's records, with the manifest.
 *
 * @throws {@link PrivacyError} NOT_FOUND naming `subject` when nothing is held; INTEGRITY for a source whose export is not an array.
 * @example const bundle = await exportSubject(ctx, 'u_42' as SubjectId)
 */
export async function exportSubject<P extends Policy>(ctx: PrivacyContext<P>, subject: SubjectId): Promise<ExportBundle> {
  const { policy } = ctx
  // The rows `ledger.history` reads, mapped straight into plain JSON: events with Dates, then a
  // copy of each as JSON, cost more than the read itself (bench/export.bench.ts).
  const rows = await subjectEventRows(ctx.db, subject)
  const eventKinds = [...ledgerRules(policy)].map(([kind, rules]) => ({ kind, rule: (rules[0] as { id: string }).id }))
  const ledgerCategories = policy.dataCategories.some((c) => c.id === 'identifiers') ? ['identifiers'] : []
  const parts: SourceExport[] = [
    { id: LEDGER_SOURCE_ID, categories: ledgerCategories, recordKinds: eventKinds, records: rows.map((row) => toEventJson(row, ctx.vault)) },
  ]
  for (const { source, kinds } of ctx.records.sources.list()) {
    const records = await source.export(subject)
    if (!Array.isArray(records)) throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `source "${source.id}": export must return an array`)
    parts.push({ id: source.id, categories: source.categories, recordKinds: [...kinds].map(([kind, rules]) => ({ kind, rule: (rules[0] as { id: string }).id })), records })
  }
  if (parts.every((p) => p.records.length === 0)) {
    throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `subject: no data held about "${subject}" in the ledger or any source`, { field: 'subject' })
  }
  return buildExportBundle(policy, subject, ctx.now(), parts)
}

/**
 * Checks a fulfilment's options against the request before anything is done.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `purposes` or `patch`.
 * @example const purposes = checkFulfilOptions(policy, request, options)
 */
export function checkFulfilOptions(policy: Policy, request: RightsRequest, options: FulfilOptions): string[] {
  if (request.type === 'rectification' && (options.patch === undefined || typeof options.patch !== 'object' || Array.isArray(options.patch))) {
    throw invalidField('patch', 'a rectification needs the correction as an object')
  }
  return request.type === 'objection' ? objectionPurposes(policy, options.purposes) : []
}

/**
 * Does what the request's right asks, one case per right: access and portability export, erasure
 * erases (what a minimum or a hold keeps is reported), rectification corrects every source that
 * can, restriction and objection go through the ledger. The request moves to `in_progress`, then
 * `completed` with the outcome; a failed source leaves it `in_progress` with the outcome noted.
 *
 * @example const result = await fulfilRequest(ctx, request, purposes, options)
 */
export async function fulfilRequest<P extends Policy>(ctx: PrivacyContext<P>, request: RightsRequest<P>, purposes: readonly string[], options: FulfilOptions<P>): Promise<FulfilResult<P>> {
  const { db } = ctx
  const { id, subject } = request
  const start = async (): Promise<void> => {
    if (request.status === 'identity_verified') await db.transaction().execute((trx) => moveRequest(trx, request, 'in_progress', ctx.now(), null))
  }
  const complete = async (outcome: unknown): Promise<RightsRequest<P>> => {
    await db.transaction().execute(async (trx) => moveRequest(trx, await readRequest(trx, id), 'completed', ctx.now(), null, outcome))
    return readRequest(db, id)
  }
  const method = 'rights_request'
  const evidence = { requestId: id }

  switch (request.type) {
    case 'access':
    case 'portability': {
      const bundle = await exportSubject(ctx, subject)
      await start()
      const counts = Object.fromEntries(Object.entries(bundle.records).map(([source, records]) => [source, records.length]))
      return { request: await complete({ exportedAt: bundle.manifest.generatedAt, records: counts }), bundle }
    }
    case 'erasure': {
      await start()
      const { report, consistencyToken } = await eraseSubject(ctx, ctx.records.sources.list(), subject, await ctx.records.holds.activeFor(subject), ctx.now())
      const token = consistencyToken === undefined ? {} : { consistencyToken }
      if (report.failed) {
        await setOutcome(db, id, { erasure: report })
        return { request: await readRequest(db, id), erasure: report, ...token }
      }
      return { request: await complete({ erasure: report }), erasure: report, ...token }
    }
    case 'rectification': {
      await start()
      const results: { source: string; status: 'rectified' | 'skipped' | 'failed'; error: string | null }[] = [{ source: LEDGER_SOURCE_ID, status: 'skipped', error: null }]
      for (const { source } of ctx.records.sources.list()) {
        if (!source.rectify) {
          results.push({ source: source.id, status: 'skipped', error: null })
          continue
        }
        try {
          await source.rectify(subject, options.patch ?? {})
          results.push({ source: source.id, status: 'rectified', error: null })
        } catch (error) {
          results.push({ source: source.id, status: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
        }
      }
      if (results.some((r) => r.status === 'failed')) {
        await setOutcome(db, id, { rectification: results })
        return { request: await readRequest(db, id) }
      }
      return { request: await complete({ rectification: results }) }
    }
    case 'restriction': {
      await start()
      const event = await ctx.ledger.append({ subject, type: 'restriction.set', method, evidence })
      return { request: await complete({ restriction: { eventId: event.id } }), consistencyToken: event.consistencyToken }
    }
    case 'objection': {
      await start()
      const events = await ctx.ledger.appendMany(purposes.map((purpose) => ({ subject, type: 'objection.recorded', purpose, method, evidence })))
      const last = events.at(-1)
      const completed = await complete({ objection: { purposes, eventIds: events.map((e) => e.id) } })
      return last === undefined ? { request: completed } : { request: completed, consistencyToken: last.consistencyToken }
    }
    default:
      throw invalidField('type', `"${String(request.type)}" has no fulfilment`)
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
