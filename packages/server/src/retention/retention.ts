import { randomUUID } from 'node:crypto'
import type { Policy, RetentionRule, RetentionRuleId } from '@onmion/privacy-schema'
import { z } from 'zod'
import { CLOCK_TOLERANCE_MS, notInFuture } from '../clock.js'
import type { PrivacyContext } from '../context.js'
import { PrivacyError, PrivacyErrorCode, invalidField, invalidInput } from '../errors.js'
import { sweepCutoff } from '../records/cutoff.js'
import type { LegalHolds } from '../records/holds.js'
import type { AuditBatch, RecordStore } from '../records/sources.js'

/**
 * One kind of record and the rules it is kept under (the first sets when deletion is due; every
 * minimum is a floor).
 *
 * @example (await privacy.retention.kinds()).find((k) => k.kind === 'sms.opted_out')?.rules // ['sms_opt_out_logs']
 */
export interface RecordKind<P extends Policy = Policy> {
  readonly source: string
  readonly kind: string
  readonly rules: readonly RetentionRuleId<P>[]
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
export interface PlannedRule<P extends Policy = Policy> {
  readonly rule: RetentionRuleId<P>
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
export interface RetentionPlan<P extends Policy = Policy> {
  readonly now: Date
  readonly rules: readonly PlannedRule<P>[]
  readonly total: number
}

/**
 * Progress of a sweep, after each batch.
 *
 * @example sweep({ onProgress: (p) => log.info(`${p.rule}/${p.kind}: ${p.removed}`) })
 */
export interface SweepProgress<P extends Policy = Policy> {
  readonly runId: string
  readonly rule: RetentionRuleId<P>
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
export interface SweepOptions<P extends Policy = Policy> {
  readonly now?: Date
  readonly batchSize?: number
  readonly onProgress?: (progress: SweepProgress<P>) => void
  readonly signal?: AbortSignal
  readonly resume?: string
}

/**
 * What `sweep()` did: the run id (its audit rows carry it), whether it finished, and counts.
 *
 * @example const report: SweepReport = await privacy.retention.sweep()
 */
export interface SweepReport<P extends Policy = Policy> {
  readonly runId: string
  readonly now: Date
  readonly status: 'completed' | 'cancelled'
  readonly removed: number
  readonly byKind: readonly { readonly rule: RetentionRuleId<P>; readonly source: string; readonly kind: string; readonly removed: number }[]
}

/**
 * One audit row: a batch's count for one kind, never its contents.
 *
 * @example (await privacy.retention.audit(report.runId)).reduce((n, a) => n + a.count, 0)
 */
export interface RetentionAuditEntry<P extends Policy = Policy> {
  readonly runId: string
  readonly rule: RetentionRuleId<P>
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
export interface Retention<P extends Policy = Policy> {
  kinds(): readonly RecordKind<P>[]
  plan(options?: { now?: Date }): Promise<RetentionPlan<P>>
  sweep(options?: SweepOptions<P>): Promise<SweepReport<P>>
  audit(runId: string): Promise<RetentionAuditEntry<P>[]>
  readonly holds: LegalHolds
}

interface Target {
  readonly store: RecordStore
  readonly kind: string
  readonly rules: readonly RetentionRule[]
}

/** The rule that sets when a target's records are due: always one of the policy's (a store's kinds are resolved to them). */
const primaryRule = <P extends Policy>(target: Target): RetentionRuleId<P> => (target.rules[0]?.id ?? '')

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
export function createRetention<P extends Policy>(ctx: PrivacyContext<P>): Retention<P> {
  const { db, policy } = ctx
  const { holds, sources } = ctx.records

  const targets = (): Target[] => sources.stores().flatMap((store) => [...store.kinds].map(([kind, rules]) => ({ store, kind, rules })))

  const checkNow = (now: Date | undefined): Date => notInFuture(now, { field: 'now', clock: ctx.now(), toleranceMs: CLOCK_TOLERANCE_MS })

  /**
   * Removes one batch. A store in the SDK's database writes the audit row in the transaction of
   * the removal; an app's source removes in its own store, so its audit row follows it.
   */
  async function removeBatch(target: Target, runId: string, cutoff: Date, heldSubjects: readonly string[], limit: number, cursor: unknown) {
    const hooks = target.store.retention
    if (!hooks) return { removed: 0, cursor: null, done: true }
    const audit: AuditBatch = async (count, trx = db) => {
      if (count === 0) return
      await trx
        .insertInto('privacy_retention_audit')
        .values({ run_id: runId, rule: primaryRule(target), source: target.store.id, kind: target.kind, action: target.store.action, count, cutoff, at: ctx.now() })
        .execute()
    }
    return hooks.remove(target.kind, { cutoff, heldSubjects, limit, cursor, audit })
  }

  function judge(target: Target, now: Date, clock: Date, heldRules: ReadonlySet<string>) {
    const cutoff = sweepCutoff(target.rules, now, clock) ?? null
    const skipped: PlannedKind['skipped'] = target.rules.some((r) => heldRules.has(r.id)) ? 'legal_hold' : cutoff === null ? 'no_end' : !target.store.retention ? 'no_retention_hooks' : null
    return { cutoff, skipped }
  }

  return {
    holds,

    kinds() {
      const clock = ctx.now()
      return targets().map((t) => ({ source: t.store.id, kind: t.kind, rules: t.rules.map((r) => r.id), swept: t.store.retention !== undefined && sweepCutoff(t.rules, clock, clock) !== undefined }))
    },

    async plan(input = {}) {
      const now = checkNow(input.now)
      const clock = ctx.now()
      const active = await holds.active()
      const heldSubjects = [...active.subjects]
      const byRule = new Map<string, PlannedKind[]>()
      for (const target of targets()) {
        const { cutoff, skipped } = judge(target, now, clock, active.rules)
        const figures = skipped === null && cutoff !== null && target.store.retention ? await target.store.retention.expired(target.kind, cutoff, { heldSubjects }) : { count: 0, oldest: null, standing: 0 }
        const rule = primaryRule(target)
        const list = byRule.get(rule) ?? []
        list.push({ source: target.store.id, kind: target.kind, cutoff, skipped, ...figures })
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
          const entry = { rule, source: target.store.id, kind: target.kind, removed: 0 }
          byKind.push(entry)
          let cursor: unknown = null
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
              input.onProgress?.({ runId, rule, source: target.store.id, kind: target.kind, batch: batch.removed, removed: entry.removed, total })
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
