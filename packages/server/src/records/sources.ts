import type { DataCategoryId, Policy, RetentionRule, RetentionRuleId, SubjectId } from '@onmion/privacy-schema'
import type { Kysely, Transaction } from 'kysely'
import { PrivacyError, PrivacyErrorCode, invalidField } from '../errors.js'
import type { Tables } from '../storage/tables.js'

/**
 * Handed to a source's `erase`: ask it before deleting each record. It answers from the policy
 * (a minimum or a legal hold keeps the record) and notes what was kept, so the erasure report
 * comes from the SDK, not from the source's word.
 *
 * @example
 * async erase(subject, guard) {
 *   for (const invoice of await invoices.of(subject)) {
 *     if (guard.mayErase('invoice', invoice.issuedAt)) await invoices.delete(invoice.id)
 *   }
 *   await profiles.delete(subject)
 * }
 */
export interface ErasureGuard {
  /**
   * Whether a record of `kind` created at `createdAt` may be erased now. `false` means keep it:
   * the guard has noted it as kept, with the rule and the date it is kept until.
   */
  mayErase(kind: string, createdAt: Date): boolean
}

/**
 * What a source's retention hooks are told: which subjects are under a legal hold (never delete
 * their records) and, for `remove`, how many records at most to delete in this batch.
 *
 * @example const scope: RetentionScope = { heldSubjects: ['u_7'], limit: 1000 }
 */
export interface RetentionScope {
  readonly heldSubjects: readonly string[]
  readonly limit: number
}

/**
 * A store of personal data an application owns, registered so that rights requests and
 * retention reach it. `categories` are the policy's data categories it holds; `records` maps each
 * kind of record to its retention rule (or rules: the first sets when deletion is due, any
 * minimum among them is a floor). Without `records`, each category is one kind kept under the
 * category's rule.
 *
 * @example
 * privacy.rights.registerSource({
 *   id: 'billing',
 *   categories: ['identifiers'],
 *   records: { invoice: 'accounting_records', profile: 'account_lifetime' },
 *   export: (subject) => billing.allFor(subject),
 *   erase: (subject, guard) => billing.eraseFor(subject, guard),
 *   retention: {
 *     expired: (kind, cutoff, scope) => billing.countOlder(kind, cutoff, scope.heldSubjects),
 *     remove: (kind, cutoff, scope) => billing.deleteOlder(kind, cutoff, scope.heldSubjects, scope.limit),
 *   },
 * })
 */
export interface DataSource<P extends Policy = Policy> {
  readonly id: string
  readonly categories: readonly DataCategoryId<P>[]
  readonly records?: Readonly<Record<string, RetentionRuleId<P> | readonly RetentionRuleId<P>[]>>
  /** Every record of the subject, as plain JSON. */
  export(subject: SubjectId): Promise<readonly unknown[]> | readonly unknown[]
  /** Deletes the subject's records, asking `guard` before each one a rule may oblige keeping. */
  erase(subject: SubjectId, guard: ErasureGuard): Promise<void> | void
  /** Corrects the subject's records (rectification). Sources without it are reported as skipped. */
  rectify?(subject: SubjectId, patch: Readonly<Record<string, unknown>>): Promise<void> | void
  /** Whether the source holds anything of the subject (default: `export` returns records). */
  has?(subject: SubjectId): Promise<boolean> | boolean
  /** Retention hooks: without them, the source's kinds are listed by `plan` as not swept. */
  readonly retention?: {
    /** How many records of `kind` were created at or before `cutoff`, and the oldest one's date. */
    expired(kind: string, cutoff: Date, scope: Omit<RetentionScope, 'limit'>): Promise<{ count: number; oldest: Date | null }>
    /** Deletes at most `scope.limit` of them (oldest first) and returns how many. */
    remove(kind: string, cutoff: Date, scope: RetentionScope): Promise<number>
  }
}

/**
 * The id of the SDK's own source: the consent ledger (reserved; no registered source may use it).
 *
 * @example bundle.records[LEDGER_SOURCE_ID] // the subject's ledger events
 */
export const LEDGER_SOURCE_ID = 'ledger'

/**
 * A registered source with its record kinds resolved to the policy's rules.
 *
 * @example ctx.records.sources.list().map((s) => s.source.id)
 */
export interface ResolvedSource<P extends Policy = Policy> {
  readonly source: DataSource<P>
  readonly kinds: ReadonlyMap<string, readonly RetentionRule[]>
}

/**
 * Writes a sweep batch's audit row. A store in the SDK's database passes its transaction, so the
 * row commits with the removal; an app's source passes nothing (its store is its own).
 */
export type AuditBatch = (count: number, trx?: Transaction<Tables> | Kysely<Tables>) => Promise<void>

/**
 * One batch a sweep asks a store to remove: at most `limit` records of `kind` created at or
 * before `cutoff`, none of a held subject, after `cursor` (what the previous batch returned).
 */
export interface RemoveBatch extends RetentionScope {
  readonly cutoff: Date
  readonly cursor: unknown
  readonly audit: AuditBatch
}

/**
 * A store of records as retention sees it: its kinds, each under its rules, and how to count and
 * remove the expired ones. The ledger, the rights requests and every registered
 * {@link DataSource} are stores alike, so a sweep loops over them with no special case.
 *
 * @example ctx.records.sources.stores().flatMap((s) => [...s.kinds.keys()])
 */
export interface RecordStore {
  readonly id: string
  readonly kinds: ReadonlyMap<string, readonly RetentionRule[]>
  /** What a sweep does to a record: the ledger redacts (its chain stays), the others delete. */
  readonly action: 'redacted' | 'deleted'
  /** Without it, the store's kinds are listed by `plan` as not swept. */
  readonly retention?: {
    /** Records a sweep would remove now; `standing`: records past the rule kept because they still decide a state. */
    expired(kind: string, cutoff: Date, scope: Omit<RetentionScope, 'limit'>): Promise<{ count: number; oldest: Date | null; standing: number }>
    /** Removes one batch; `done` when nothing is left, `cursor` to pass to the next batch. */
    remove(kind: string, batch: RemoveBatch): Promise<{ removed: number; cursor: unknown; done: boolean }>
  }
}

/**
 * The sources of one privacy instance, built once by `createPrivacy` and carried on the context
 * (`ctx.records.sources`), so rights and retention see the same ones: the SDK's own stores (the
 * ledger, the rights requests) and the app's registered sources.
 *
 * @example ctx.records.sources.register(source)
 */
export interface SourceRegistry<P extends Policy = Policy> {
  /** Registers an app's source (validated; its id must be free). */
  register(source: DataSource<P>): void
  /** Registers one of the SDK's own stores (the ledger, the rights requests). */
  registerStore(store: RecordStore): void
  /** The app's registered sources, in registration order. */
  list(): readonly ResolvedSource<P>[]
  /** Every store retention sweeps: the SDK's own first, then the app's sources. */
  stores(): readonly RecordStore[]
}

/**
 * Creates the source registry for a policy.
 *
 * @example const sources = createSourceRegistry(policy)
 */
export function createSourceRegistry<P extends Policy>(policy: P): SourceRegistry<P> {
  const sources = new Map<string, ResolvedSource<P>>()
  const own = new Map<string, RecordStore>()
  const rules = new Map(policy.retention.map((r) => [r.id, r]))
  const categories = new Map(policy.dataCategories.map((c) => [c.id, c]))
  return {
    register(source) {
      if (typeof source.id !== 'string' || !/^[a-z][a-z0-9_.-]{0,63}$/.test(source.id)) {
        throw invalidField('source.id', 'must be 1-64 lowercase letters, digits, "_", "." or "-", starting with a letter')
      }
      if (source.id === LEDGER_SOURCE_ID) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `source.id: "${LEDGER_SOURCE_ID}" is the SDK's own ledger`, { field: 'source.id' })
      if (sources.has(source.id) || own.has(source.id)) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `source.id: "${source.id}" is already registered`, { field: 'source.id' })
      if (typeof source.export !== 'function') throw invalidField('source.export', 'must be a function')
      if (typeof source.erase !== 'function') throw invalidField('source.erase', 'must be a function')
      if (!Array.isArray(source.categories) || source.categories.length === 0) throw invalidField('source.categories', 'must list at least one data category')
      const kinds = new Map<string, RetentionRule[]>()
      const declared: readonly string[] = source.categories
      declared.forEach((id, i) => {
        const category = categories.get(id)
        if (!category) throw invalidField(`source.categories[${i}]`, `unknown data category "${id}"`)
        const rule = rules.get(category.retention)
        if (rule && !source.records) kinds.set(id, [rule])
      })
      for (const [kind, ruleIds] of Object.entries(source.records ?? {})) {
        const list: readonly string[] = typeof ruleIds === 'string' ? [ruleIds] : ruleIds
        if (list.length === 0) throw invalidField(`source.records.${kind}`, 'must name at least one retention rule')
        kinds.set(
          kind,
          list.map((id) => {
            const rule = rules.get(id)
            if (!rule) throw invalidField(`source.records.${kind}`, `unknown retention rule "${id}"`)
            return rule
          }),
        )
      }
      sources.set(source.id, { source, kinds })
    },
    registerStore(store) {
      if (own.has(store.id)) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `store "${store.id}" is already registered`)
      own.set(store.id, store)
    },
    list: () => [...sources.values()],
    stores: () => [...own.values(), ...[...sources.values()].map(storeOf)],
  }
}

/** An app's source as a store: its retention hooks, checked, with the audit row after each batch. */
function storeOf({ source, kinds }: ResolvedSource): RecordStore {
  const hooks = source.retention
  if (!hooks) return { id: source.id, kinds, action: 'deleted' }
  return {
    id: source.id,
    kinds,
    action: 'deleted',
    retention: {
      async expired(kind, cutoff, scope) {
        const result = await hooks.expired(kind, cutoff, scope)
        return { count: result.count, oldest: result.oldest, standing: 0 }
      },
      async remove(kind, batch) {
        const removed = await hooks.remove(kind, batch.cutoff, { heldSubjects: batch.heldSubjects, limit: batch.limit })
        if (!Number.isInteger(removed) || removed < 0 || removed > batch.limit) {
          throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `source "${source.id}": retention.remove returned ${String(removed)} for a batch of at most ${batch.limit}`)
        }
        await batch.audit(removed)
        return { removed, cursor: null, done: removed === 0 }
      },
    },
  }
}
