import type { Policy, RetentionRule, SubjectId } from '@onmion/privacy-schema'
import type { PrivacyContext } from '../context.js'
import type { ConsistencyToken } from '../ledger/consistency.js'
import { invalidField } from '../errors.js'
import { erasureVerdict, type ActiveHolds, type KeptReason } from '../records/erasure-guard.js'
import { ERASURE_EVENT_TYPE } from '../ledger/erasure-record.js'
import { ledgerRules } from '../records/ledger-rules.js'
import { LEDGER_SOURCE_ID, type ErasureGuard, type ResolvedSource } from '../records/sources.js'

/**
 * Records an erasure kept, grouped by source, kind, rule and reason: how many, and the latest
 * date they are kept until (null under a legal hold: until it is released).
 *
 * @example report.kept.find((k) => k.rule === 'sms_opt_out_logs')?.until
 */
export interface KeptRecords {
  readonly source: string
  readonly kind: string
  readonly rule: string
  readonly reason: KeptReason
  readonly count: number
  readonly until: string | null
}

/**
 * What one source did in an erasure.
 *
 * @example report.sources.filter((s) => s.status === 'failed')
 */
export interface SourceErasure {
  readonly source: string
  readonly status: 'erased' | 'failed'
  /** The failure's message, when it failed. */
  readonly error: string | null
}

/**
 * What an erasure did: per source erased or failed, and what was kept under which rule until
 * when. Counts, rules and dates only: it is stored with the request.
 *
 * @example if (report.failed) await alertOps(report.sources)
 */
export interface ErasureReport {
  readonly subject: string
  readonly at: string
  readonly failed: boolean
  readonly sources: readonly SourceErasure[]
  readonly kept: readonly KeptRecords[]
  /** Ledger events redacted. */
  readonly redactedEvents: number
}

class KeptLedger {
  readonly #groups = new Map<string, { source: string; kind: string; rule: string; reason: KeptReason; count: number; until: Date | null; forever: boolean }>()

  add(source: string, kind: string, rule: string, reason: KeptReason, until: Date | null): void {
    const key = JSON.stringify([source, kind, rule, reason])
    const group = this.#groups.get(key)
    if (!group) {
      this.#groups.set(key, { source, kind, rule, reason, count: 1, until, forever: until === null })
      return
    }
    group.count += 1
    if (until === null) group.forever = true
    else if (group.until === null || until > group.until) group.until = until
  }

  list(): KeptRecords[] {
    return [...this.#groups.values()].map((g) => ({
      source: g.source,
      kind: g.kind,
      rule: g.rule,
      reason: g.reason,
      count: g.count,
      until: g.forever || g.until === null ? null : g.until.toISOString(),
    }))
  }
}

/**
 * Erases a subject from the ledger and every registered source. Each source gets an
 * {@link ErasureGuard} that answers from the policy; the ledger's events are redacted except
 * those under a minimum (SMS opt-outs, five years) or a legal hold. A source that throws is
 * reported as failed and the others still run.
 *
 * @example const { report, consistencyToken } = await eraseSubject(ctx, sources, 'u_42' as SubjectId, holds, now)
 */
export async function eraseSubject<P extends Policy>(
  ctx: PrivacyContext<P>,
  sources: readonly ResolvedSource<P>[],
  subject: SubjectId,
  holds: ActiveHolds,
  now: Date,
): Promise<{ report: ErasureReport; consistencyToken?: ConsistencyToken }> {
  const kept = new KeptLedger()
  const clock = ctx.now()
  const results: SourceErasure[] = []

  const rulesOfLedger = ledgerRules(ctx.policy)
  // An erasure's own record is never erased: it is what explains the redactions it lists.
  const rows = await ctx.db
    .selectFrom('privacy_events')
    .select(['id', 'type', 'recorded_at'])
    .where('subject', '=', subject)
    .where('redacted_at', 'is', null)
    .where('type', '!=', ERASURE_EVENT_TYPE)
    .execute()
  const erase: string[] = []
  for (const row of rows) {
    const rules = rulesOfLedger.get(row.type as never) ?? []
    const verdict = erasureVerdict(rules, row.recorded_at, now, clock, holds)
    if (verdict.erase) erase.push(row.id)
    else kept.add(LEDGER_SOURCE_ID, row.type, verdict.rule, verdict.reason, verdict.until)
  }
  let redactedEvents = 0
  let consistencyToken: ConsistencyToken | undefined
  try {
    const erased = await ctx.ledger.erase(subject, erase, ctx.now())
    redactedEvents = erased.redacted
    consistencyToken = erased.consistencyToken
    results.push({ source: LEDGER_SOURCE_ID, status: 'erased', error: null })
  } catch (error) {
    results.push({ source: LEDGER_SOURCE_ID, status: 'failed', error: messageOf(error) })
  }

  for (const { source, kinds } of sources) {
    const guard = guardFor(source.id, kinds, now, clock, holds, kept)
    try {
      await source.erase(subject, guard)
      results.push({ source: source.id, status: 'erased', error: null })
    } catch (error) {
      results.push({ source: source.id, status: 'failed', error: messageOf(error) })
    }
  }
  const report: ErasureReport = { subject, at: now.toISOString(), failed: results.some((r) => r.status === 'failed'), sources: results, kept: kept.list(), redactedEvents }
  return consistencyToken === undefined ? { report } : { report, consistencyToken }
}

function guardFor(sourceId: string, kinds: ReadonlyMap<string, readonly RetentionRule[]>, now: Date, clock: Date, holds: ActiveHolds, kept: KeptLedger): ErasureGuard {
  return {
    mayErase(kind, createdAt) {
      const rules = kinds.get(kind)
      if (!rules) throw invalidField('kind', `source "${sourceId}" declared no record kind "${kind}" (declared: ${[...kinds.keys()].join(', ')})`)
      if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) throw invalidField('createdAt', 'must be a valid Date')
      const verdict = erasureVerdict(rules, createdAt, now, clock, holds)
      if (!verdict.erase) kept.add(sourceId, kind, verdict.rule, verdict.reason, verdict.until)
      return verdict.erase
    },
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
