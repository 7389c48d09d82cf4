import { randomUUID } from 'node:crypto'
import type { Policy, RetentionRule } from '@onmion/privacy-schema'
import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { PrivacyContext } from '../context.js'
import type { Tables } from '../storage/tables.js'
import { PrivacyError, PrivacyErrorCode, invalidField, invalidInput } from '../errors.js'
import { CLOCK_TOLERANCE_MS, sweepCutoff } from './cutoff.js'
import { createLegalHolds, type LegalHolds } from './holds.js'
import { ledgerExpired, redactLedgerBatch, type LedgerCursor } from './ledger-sweep.js'
import { ledgerRules } from './ledger-rules.js'
import { LEDGER_SOURCE_ID, sourceRegistry, type ResolvedSource } from './sources.js'

/** The source name under which rights requests are swept. */
const RIGHTS_SOURCE_ID = 'rights'

/**
 * One kind of record and the rules it is kept under (the first sets when deletion is due; every
 * minimum is a floor).
 *
 * @example (await privacy.retention.kinds()).find((k) => k.kind === 'sms.opted_out')?.rules // ['sms_opt_out_logs']
 */
export interface RecordKind {
  readonly source: string
  readonly kind: string
  readonly rules: readonly string[]
  /** Whether a sweep can remove it (false: a source without retention hooks, or a rule with no end). */
  readonly swept: boolean
}

/**
 * A dry run's figures for one record kind.
 *
 * @example plan.rules[0]?.kinds[0]?.count
 */
export interface PlannedKind {
  readonly source: string
  readonly kind: string
  /** Records created at or before it are past the rule and every minimum; null: no end. */
  readonly cutoff: Date | null
  /** Records a sweep would remove now. */
  readonly count: number
  readonly oldest: Date | null
  /** Ledger events past the rule kept because they still decide the subject's state. */
  readonly standing: number
  /** Why nothing is removed, when nothing will be. */
  readonly skipped: 'legal_hold' | 'no_end' | 'no_retention_hooks' | null
}

/**
 * A dry run's figures for one rule.
 *
 * @example plan.rules.find((r) => r.rule === 'consent_records')?.count
 */
export interface PlannedRule {
  readonly rule: string
  readonly name: string
  readonly held: boolean
  readonly count: number
  readonly oldest: Date | null
  readonly kinds: readonly PlannedKind[]
}

/**
 * What `plan()` reports: per rule, how many records a sweep at `now` would remove, and the oldest.
 *
 * @example const plan: RetentionPlan = await privacy.retention.plan({ now: new Date() })
 */
export interface RetentionPlan {
  readonly now: Date
  readonly rules: readonly PlannedRule[]
  readonly total: number
}

/**
 * Progress of a sweep, after each batch.
 *
 * @example sweep({ onProgress: (p) => log.info(`${p.rule}/${p.kind}: ${p.removed}`) })
 */
export interface SweepProgress {
  readonly runId: string
  readonly rule: string
  readonly source: string
  readonly kind: string
  /** Removed in this batch. */
  readonly batch: number
  /** Removed of this kind so far in this run. */
  readonly removed: number
  /** Removed in this run so far, all kinds. */
  readonly total: number
}

/**
 * What `sweep()` takes. `resume` continues a cancelled or failed run with that run's `now`.
 *
 * @example await privacy.retention.sweep({ batchSize: 5000, signal: AbortSignal.timeout(60_000) })
 */
export interface SweepOptions {
  readonly now?: Date
  readonly batchSize?: number
  readonly onProgress?: (progress: SweepProgress) => void
  readonly signal?: AbortSignal
  readonly resume?: string
}

/**
 * What `sweep()` did: the run id (its audit rows carry it), whether it finished, and counts.
 *
 * @example const report: SweepReport = await privacy.retention.sweep()
 */
export interface SweepReport {
  readonly runId: string
  readonly now: Date
  readonly status: 'completed' | 'cancelled'
  readonly removed: number
  readonly byKind: readonly { readonly rule: string; readonly source: string; readonly kind: string; readonly removed: number }[]
}

/**
 * One audit row: a batch's count for one kind, never its contents.
 *
 * @example (await privacy.retention.audit(report.runId)).reduce((n, a) => n + a.count, 0)
 */
export interface RetentionAuditEntry {
  readonly runId: string
  readonly rule: string
  readonly source: string
  readonly kind: string
  readonly action: 'redacted' | 'deleted'
  readonly count: number
  readonly cutoff: Date
  readonly at: Date
}

/**
 * `privacy.retention`: record kinds mapped to the policy's rules, a dry run, a batched sweep and
 * legal holds.
 *
 * @example
 * const plan = await privacy.retention.plan()
 * if (plan.total > 0) await privacy.retention.sweep({ batchSize: 1000 })
 */
export interface Retention {
  kinds(): readonly RecordKind[]
  plan(options?: { now?: Date }): Promise<RetentionPlan>
  sweep(options?: SweepOptions): Promise<SweepReport>
  audit(runId: string): Promise<RetentionAuditEntry[]>
  readonly holds: LegalHolds
}

interface Target {
  readonly source: string
  readonly kind: string
  readonly rules: readonly RetentionRule[]
  readonly action: 'redacted' | 'deleted'
  readonly hooks: boolean
}

const primaryRule = (target: Target): string => target.rules[0]?.id ?? ''

const SweepInput = z
  .object({
    now: z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date').optional(),
    batchSize: z.number().int().min(1).max(10_000).optional(),
    onProgress: z.function().optional(),
    signal: z.instanceof(AbortSignal).optional(),
    resume: z.string().min(1).optional(),
  })
  .strict()

/**
 * Creates `privacy.retention` for a context. Every ledger event type, rights requests and every
 * registered source's record kinds map to the policy's rules. A sweep redacts ledger events
 * (payload, evidence and identifiers nulled; chain columns kept, so `verify()` still holds) and
 * deletes closed rights requests and source records, in batches, never under a minimum (judged
 * with a one-day clock-skew margin), never under a legal hold, never an event that still decides
 * the subject's state.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `now` when it is more than a day ahead of the clock.
 * @example
 * const retention = createRetention(ctx)
 * const report = await retention.sweep({ batchSize: 1000, onProgress: (p) => bar.update(p.total) })
 */
export function createRetention<P extends Policy>(ctx: PrivacyContext<P>): Retention {
  const { db, policy } = ctx
  const ledger = ledgerRules(policy)
  const rightsRule = policy.retention.find((r) => r.id === 'rights_requests')
  const holds = createLegalHolds(db, new Set(policy.retention.map((r) => r.id)), () => ctx.now())

  const targets = (): Target[] => {
    const list: Target[] = [...ledger].map(([type, rules]) => ({ source: LEDGER_SOURCE_ID, kind: type, rules, action: 'redacted', hooks: true }))
    if (rightsRule) list.push({ source: RIGHTS_SOURCE_ID, kind: 'request', rules: [rightsRule], action: 'deleted', hooks: true })
    for (const { source, kinds } of sourceRegistry(ctx).list() as readonly ResolvedSource[]) {
      for (const [kind, rules] of kinds) list.push({ source: source.id, kind, rules, action: 'deleted', hooks: source.retention !== undefined })
    }
    return list
  }

  const checkNow = (now: Date | undefined): Date => {
    const clock = ctx.now()
    if (now === undefined) return clock
    if (Number.isNaN(now.getTime())) throw invalidField('now', 'must be a valid date')
    if (now.getTime() > clock.getTime() + CLOCK_TOLERANCE_MS) {
      throw invalidField('now', `${now.toISOString()} is more than a day ahead of the clock (${clock.toISOString()}); a sweep never runs ahead of time`)
    }
    return now
  }

  const sourceOf = (id: string): ResolvedSource | undefined => (sourceRegistry(ctx).list() as readonly ResolvedSource[]).find((s) => s.source.id === id)

  async function expired(target: Target, cutoff: Date, heldSubjects: readonly string[]): Promise<{ count: number; oldest: Date | null; standing: number }> {
    if (target.source === LEDGER_SOURCE_ID) return ledgerExpired(db, { types: [target.kind], cutoff, heldSubjects })
    if (target.source === RIGHTS_SOURCE_ID) {
      const row = await rightsCandidates(cutoff, heldSubjects)
        .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('closed_at').as('oldest')])
        .executeTakeFirst()
      return { count: Number(row?.count ?? 0), oldest: (row?.oldest) ?? null, standing: 0 }
    }
    const hooks = sourceOf(target.source)?.source.retention
    if (!hooks) return { count: 0, oldest: null, standing: 0 }
    const result = await hooks.expired(target.kind, cutoff, { heldSubjects })
    return { count: result.count, oldest: result.oldest, standing: 0 }
  }

  function rightsCandidates(cutoff: Date, heldSubjects: readonly string[]) {
    let query = db.selectFrom('privacy_rights_requests').where('closed_at', 'is not', null).where('closed_at', '<=', cutoff)
    if (heldSubjects.length > 0) query = query.where('subject', 'not in', [...heldSubjects])
    return query
  }

  /**
   * Removes one batch. Ledger and rights batches write their audit row in the same transaction
   * as the removal; a source's batch runs in the source's own store, so its audit row follows it.
   */
  async function removeBatch(target: Target, runId: string, cutoff: Date, heldSubjects: readonly string[], limit: number, cursor: LedgerCursor | null) {
    const rule = primaryRule(target)
    const audit = async (trx: Transaction<Tables> | typeof db, count: number): Promise<void> => {
      if (count === 0) return
      await trx.insertInto('privacy_retention_audit').values({ run_id: runId, rule, source: target.source, kind: target.kind, action: target.action, count, cutoff, at: ctx.now() }).execute()
    }
    if (target.source === LEDGER_SOURCE_ID) {
      const batch = await db.transaction().execute(async (trx) => {
        const result = await redactLedgerBatch(trx, { types: [target.kind], cutoff, heldSubjects }, limit, cursor, ctx.now())
        await audit(trx, result.redacted)
        return result
      })
      if (batch.subjects.length > 0) await ctx.ledger.invalidate(batch.subjects)
      return { removed: batch.redacted, cursor: batch.cursor, done: batch.cursor === null }
    }
    if (target.source === RIGHTS_SOURCE_ID) {
      return db.transaction().execute(async (trx) => {
        let query = trx.selectFrom('privacy_rights_requests').select('id').where('closed_at', 'is not', null).where('closed_at', '<=', cutoff)
        if (heldSubjects.length > 0) query = query.where('subject', 'not in', [...heldSubjects])
        const ids = (await query.orderBy('closed_at').limit(limit).forUpdate().skipLocked().execute()).map((r) => r.id)
        if (ids.length === 0) return { removed: 0, cursor: null, done: true }
        const result = await trx.deleteFrom('privacy_rights_requests').where('id', 'in', ids).executeTakeFirst()
        const removed = Number(result.numDeletedRows)
        await audit(trx, removed)
        return { removed, cursor: null, done: false }
      })
    }
    const hooks = sourceOf(target.source)?.source.retention
    if (!hooks) return { removed: 0, cursor: null, done: true }
    const removed = await hooks.remove(target.kind, cutoff, { heldSubjects, limit })
    if (!Number.isInteger(removed) || removed < 0 || removed > limit) {
      throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `source "${target.source}": retention.remove returned ${String(removed)} for a batch of at most ${limit}`)
    }
    await audit(db, removed)
    return { removed, cursor: null, done: removed === 0 }
  }

  function judge(target: Target, now: Date, clock: Date, heldRules: ReadonlySet<string>) {
    const cutoff = sweepCutoff(target.rules, now, clock) ?? null
    const skipped: PlannedKind['skipped'] = target.rules.some((r) => heldRules.has(r.id)) ? 'legal_hold' : cutoff === null ? 'no_end' : !target.hooks ? 'no_retention_hooks' : null
    return { cutoff, skipped }
  }

  return {
    holds,

    kinds() {
      const clock = ctx.now()
      return targets().map((t) => ({ source: t.source, kind: t.kind, rules: t.rules.map((r) => r.id), swept: t.hooks && sweepCutoff(t.rules, clock, clock) !== undefined }))
    },

    async plan(input = {}) {
      const now = checkNow(input.now)
      const clock = ctx.now()
      const active = await holds.active()
      const heldSubjects = [...active.subjects]
      const byRule = new Map<string, PlannedKind[]>()
      for (const target of targets()) {
        const { cutoff, skipped } = judge(target, now, clock, active.rules)
        const figures = skipped === null && cutoff !== null ? await expired(target, cutoff, heldSubjects) : { count: 0, oldest: null, standing: 0 }
        const rule = primaryRule(target)
        const list = byRule.get(rule) ?? []
        list.push({ source: target.source, kind: target.kind, cutoff, skipped, ...figures })
        byRule.set(rule, list)
      }
      const rules = policy.retention
        .filter((r) => byRule.has(r.id))
        .map((r) => {
          const kinds = byRule.get(r.id) ?? []
          const oldest = kinds.reduce<Date | null>((min, k) => (k.oldest !== null && (min === null || k.oldest < min) ? k.oldest : min), null)
          return { rule: r.id, name: r.name, held: active.rules.has(r.id), count: kinds.reduce((n, k) => n + k.count, 0), oldest, kinds }
        })
      return { now, rules, total: rules.reduce((n, r) => n + r.count, 0) }
    },

    async sweep(input = {}) {
      const parsed = SweepInput.safeParse(input)
      if (!parsed.success) throw invalidInput(parsed.error)
      const batchSize = input.batchSize ?? 1000
      let runId: string
      let now: Date
      let total = 0
      if (input.resume !== undefined) {
        if (input.now !== undefined) throw invalidField('now', 'a resumed run keeps its own now; do not pass one')
        const run = await db.selectFrom('privacy_retention_runs').selectAll().where('id', '=', input.resume).executeTakeFirst()
        if (!run) throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `resume: no sweep run "${input.resume}"`, { field: 'resume' })
        if (run.status === 'completed' || run.status === 'running') {
          throw new PrivacyError(PrivacyErrorCode.CONFLICT, `resume: run "${run.id}" is ${run.status}; only a cancelled or failed run resumes`, { field: 'resume' })
        }
        runId = run.id
        now = checkNow(run.now)
        total = Number(run.removed)
        await db.updateTable('privacy_retention_runs').set({ status: 'running', error: null, finished_at: null }).where('id', '=', runId).execute()
      } else {
        now = checkNow(input.now)
        runId = `run_${randomUUID().replaceAll('-', '')}`
        await db.insertInto('privacy_retention_runs').values({ id: runId, now, started_at: ctx.now(), status: 'running', removed: 0, finished_at: null, error: null }).execute()
      }
      const finish = async (status: string, error: string | null = null): Promise<void> => {
        await db.updateTable('privacy_retention_runs').set({ status, removed: total, finished_at: ctx.now(), error }).where('id', '=', runId).execute()
      }
      const byKind: { rule: string; source: string; kind: string; removed: number }[] = []
      try {
        const clock = ctx.now()
        const active = await holds.active()
        const heldSubjects = [...active.subjects]
        for (const target of targets()) {
          const { cutoff, skipped } = judge(target, now, clock, active.rules)
          if (skipped !== null || cutoff === null) continue
          const rule = primaryRule(target)
          const entry = { rule, source: target.source, kind: target.kind, removed: 0 }
          byKind.push(entry)
          let cursor: LedgerCursor | null = null
          for (;;) {
            if (input.signal?.aborted === true) {
              await finish('cancelled')
              return { runId, now, status: 'cancelled', removed: total, byKind }
            }
            const batch = await removeBatch(target, runId, cutoff, heldSubjects, batchSize, cursor)
            cursor = batch.cursor
            if (batch.removed > 0) {
              entry.removed += batch.removed
              total += batch.removed
              await db.updateTable('privacy_retention_runs').set({ removed: total }).where('id', '=', runId).execute()
              input.onProgress?.({ runId, rule, source: target.source, kind: target.kind, batch: batch.removed, removed: entry.removed, total })
            }
            if (batch.done) break
          }
        }
      } catch (error) {
        await finish('failed', error instanceof Error ? error.message : String(error))
        throw error
      }
      await finish('completed')
      return { runId, now, status: 'completed', removed: total, byKind }
    },

    async audit(runId) {
      const rows = await db.selectFrom('privacy_retention_audit').selectAll().where('run_id', '=', runId).orderBy('id').execute()
      return rows.map((r) => ({ runId: r.run_id, rule: r.rule, source: r.source, kind: r.kind, action: r.action as RetentionAuditEntry['action'], count: r.count, cutoff: r.cutoff, at: r.at }))
    },
  }
}
