import type { Policy, RetentionRule } from '@onmion/privacy-schema'
import type { Kysely, Transaction } from 'kysely'
import { PrivacyError, PrivacyErrorCode, invalidField } from '../errors.js'
import { guardInput } from '../input-guard.js'
import type { RecordStore } from '../records/sources.js'
import type { Tables } from '../storage/tables.js'
import { toRequest, type RightsRequest } from './request.js'
import { canMove, isClosed, type RequestStatus } from './status.js'

/** A database handle or a transaction: reads may run in either. */
type Executor = Kysely<Tables> | Transaction<Tables>

/**
 * Reads one request with its history.
 *
 * @throws {@link PrivacyError} NOT_FOUND naming `id`.
 * @example const request = await readRequest(db, 'rr_...')
 */
export async function readRequest<P extends Policy>(executor: Executor, id: string): Promise<RightsRequest<P>> {
  guardInput({ id })
  const row = await executor.selectFrom('privacy_rights_requests').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `id: no rights request "${id}"`, { field: 'id' })
  const history = await executor.selectFrom('privacy_rights_history').selectAll().where('request_id', '=', id).orderBy('seq').execute()
  return toRequest(row, history)
}

/**
 * Appends one history entry after the request's last one.
 *
 * @example await appendHistory(trx, request.id, 'lifted', now, reason, null)
 */
export async function appendHistory(trx: Transaction<Tables>, requestId: string, status: string, at: Date, reason: string | null, due: Date | null): Promise<void> {
  const last = await trx.selectFrom('privacy_rights_history').select((eb) => eb.fn.max('seq').as('seq')).where('request_id', '=', requestId).executeTakeFirst()
  await trx.insertInto('privacy_rights_history').values({ request_id: requestId, seq: (last?.seq ?? 0) + 1, status, at, reason, due_at: due }).execute()
}

/**
 * Applies a status change inside `trx`, refusing what the status machine does not allow, and
 * refusing a request that changed since it was read (another writer moved it first).
 *
 * @throws {@link PrivacyError} ILLEGAL_TRANSITION naming `to`; CONFLICT naming `id`.
 * @example await db.transaction().execute((trx) => moveRequest(trx, request, 'in_progress', now, null))
 */
export async function moveRequest(trx: Transaction<Tables>, request: RightsRequest, to: RequestStatus, at: Date, reason: string | null, outcome?: unknown): Promise<void> {
  if (isClosed(request.status)) {
    throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${request.id}" is ${request.status} (closed); nothing moves it to ${to}`, { field: 'to' })
  }
  if (!canMove(request.status, to)) {
    throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: a ${request.status} request cannot move to ${to}`, { field: 'to' })
  }
  const updated = await trx
    .updateTable('privacy_rights_requests')
    .set({
      status: to,
      closed_at: isClosed(to) ? at : null,
      // An answer acknowledges the request too.
      ...(isClosed(to) && request.acknowledgedAt === null ? { acknowledged_at: at } : {}),
      ...(outcome === undefined ? {} : { outcome: JSON.stringify(outcome) }),
    })
    .where('id', '=', request.id)
    .where('status', '=', request.status)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `id: request "${request.id}" changed meanwhile; read it again`, { field: 'id' })
  await appendHistory(trx, request.id, to, at, reason, null)
}

/**
 * Moves an open request's due date once (an extension), inside `trx`.
 *
 * @throws {@link PrivacyError} ILLEGAL_TRANSITION naming `to` (closed, already extended, no law
 * allows it, past due); INVALID_INPUT naming `dueAt`; CONFLICT naming `id`.
 * @example await extendRequest(trx, request, { dueAt, at, reason, limit })
 */
export async function extendRequest(
  trx: Transaction<Tables>,
  request: RightsRequest,
  change: { readonly dueAt: Date; readonly at: Date; readonly reason: string; readonly limit: Date | undefined },
): Promise<void> {
  const { id } = request
  if (isClosed(request.status)) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" is ${request.status} (closed); it cannot be extended`, { field: 'to' })
  if (request.extended) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" was already extended; the law allows one extension`, { field: 'to' })
  if (change.limit === undefined || change.limit <= request.dueAt) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: no applicable law allows extending request "${id}" (the policy deadline has no extension)`, { field: 'to' })
  if (change.at > request.dueAt) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" was due ${request.dueAt.toISOString()}; an extension must be made before the due date`, { field: 'to' })
  if (Number.isNaN(change.dueAt.getTime()) || change.dueAt <= request.dueAt) throw invalidField('dueAt', `must be after the current due date ${request.dueAt.toISOString()}`)
  if (change.dueAt > change.limit) throw invalidField('dueAt', `must be no later than ${change.limit.toISOString()} (the longest extension the applicable law allows)`)
  const updated = await trx.updateTable('privacy_rights_requests').set({ due_at: change.dueAt, extended: true }).where('id', '=', id).where('extended', '=', false).executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `id: request "${id}" changed meanwhile; read it again`, { field: 'id' })
  await appendHistory(trx, id, 'extended', change.at, change.reason, change.dueAt)
}

/**
 * Records that an open request was acknowledged (once), inside `trx`: a history entry, the
 * status unchanged.
 *
 * @throws {@link PrivacyError} ILLEGAL_TRANSITION naming `to` (closed, or already acknowledged); CONFLICT naming `id`.
 * @example await acknowledgeRequest(trx, request, now, 'confirmed receipt by email')
 */
export async function acknowledgeRequest(trx: Transaction<Tables>, request: RightsRequest, at: Date, reason: string | null): Promise<void> {
  const { id } = request
  if (isClosed(request.status)) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" is ${request.status} (closed); its answer was its acknowledgement`, { field: 'to' })
  if (request.acknowledgedAt !== null) throw new PrivacyError(PrivacyErrorCode.ILLEGAL_TRANSITION, `to: request "${id}" was already acknowledged at ${request.acknowledgedAt.toISOString()}`, { field: 'to' })
  const updated = await trx.updateTable('privacy_rights_requests').set({ acknowledged_at: at }).where('id', '=', id).where('acknowledged_at', 'is', null).executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `id: request "${id}" changed meanwhile; read it again`, { field: 'id' })
  await appendHistory(trx, id, 'acknowledged', at, reason, null)
}

/**
 * Records what a fulfilment reported without closing the request (a failed source: the request
 * stays open to be fulfilled again).
 *
 * @example await setOutcome(db, id, { erasure: report })
 */
export async function setOutcome(db: Kysely<Tables>, id: string, outcome: unknown): Promise<void> {
  await db.updateTable('privacy_rights_requests').set({ outcome: JSON.stringify(outcome) }).where('id', '=', id).execute()
}

/** The source id under which rights requests are swept. */
export const RIGHTS_SOURCE_ID = 'rights'

/**
 * The rights requests table as a record store for retention: closed requests are deleted once
 * past the policy's `rights_requests` rule (counted from `closed_at`); open ones are never swept.
 * A policy without that rule gives the store no kinds, and nothing is swept.
 *
 * @example ctx.records.sources.registerStore(rightsRecordStore(ctx.policy, ctx.db))
 */
export function rightsRecordStore(policy: Policy, db: Kysely<Tables>): RecordStore {
  const rule = policy.retention.find((r) => r.id === 'rights_requests')
  const kinds = new Map<string, readonly RetentionRule[]>(rule ? [['request', [rule]]] : [])
  const closedBefore = (executor: Executor, cutoff: Date, heldSubjects: readonly string[]) => {
    let query = executor.selectFrom('privacy_rights_requests').where('closed_at', 'is not', null).where('closed_at', '<=', cutoff)
    if (heldSubjects.length > 0) query = query.where('subject', 'not in', [...heldSubjects])
    return query
  }
  return {
    id: RIGHTS_SOURCE_ID,
    kinds,
    action: 'deleted',
    retention: {
      async expired(_kind, cutoff, scope) {
        const row = await closedBefore(db, cutoff, scope.heldSubjects)
          .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('closed_at').as('oldest')])
          .executeTakeFirst()
        return { count: Number(row?.count ?? 0), oldest: row?.oldest ?? null, standing: 0 }
      },
      async remove(_kind, batch) {
        return db.transaction().execute(async (trx) => {
          const rows = await closedBefore(trx, batch.cutoff, batch.heldSubjects).select('id').orderBy('closed_at').limit(batch.limit).forUpdate().skipLocked().execute()
          if (rows.length === 0) return { removed: 0, cursor: null, done: true }
          const result = await trx.deleteFrom('privacy_rights_requests').where('id', 'in', rows.map((r) => r.id)).executeTakeFirst()
          const removed = Number(result.numDeletedRows)
          await batch.audit(removed, trx)
          return { removed, cursor: null, done: false }
        })
      },
    },
  }
}
