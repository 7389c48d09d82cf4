import type { Policy, PurposeId, SubjectState } from '@onmion/privacy-schema'
import type { IdentifierKind } from '../crypto/vault.js'
import type { AppendedEvent, ConsistencyOptions, ConsistencyToken } from './consistency.js'
import type { LedgerEvent, RecordInput } from './events.js'

/**
 * A subject's SMS status, projected from `sms.*` events.
 *
 * @example
 * if ((await privacy.state('u_42')).sms.optedOut) return // never text an opted-out subject
 */
export interface SmsState {
  /** `unknown` until the first SMS event. */
  readonly status: 'unknown' | 'opted_in' | 'opted_out'
  /** True after an opt-out not followed by an opt-in. */
  readonly optedOut: boolean
  /** When the status last changed (the event's `occurredAt`), or null. */
  readonly changedAt: Date | null
}

/**
 * A subject's current state: the schema's {@link SubjectState} (consents, objections,
 * restriction, age) plus SMS status, projected from the subject's events in order. Typed by a
 * policy `P`, consents and objections are keyed by its purpose ids, so a purpose the policy does
 * not declare is a compile error (`state.consents.marketing`).
 *
 * @example
 * const state = await privacy.state('u_42')
 * state.consents.transactional_sms // 'granted'
 * state.sms.optedOut // false
 */
export type SubjectPrivacyState<P extends Policy = Policy> = Omit<SubjectState, 'consents' | 'objections'> & {
  consents: string extends PurposeId<P> ? SubjectState['consents'] : Partial<Record<PurposeId<P>, 'granted' | 'withdrawn'>>
  objections: string extends PurposeId<P> ? SubjectState['objections'] : PurposeId<P>[]
  readonly sms: SmsState
}

/**
 * A broken link `verify()` found (the first of its subject's chain).
 *
 * @example
 * const report = await privacy.ledger.verify()
 * if (!report.ok) console.error(report.firstBroken.problem, report.firstBroken.subject, report.firstBroken.seq)
 */
export interface BrokenLink {
  readonly subject: string
  /** The seq where the chain breaks (for a missing row: the seq expected there). */
  readonly seq: number
  /**
   * `redaction_mismatch`: a row marked redacted that still holds its personal content;
   * `redaction_unexplained`: a redacted row that neither retention nor an erasure could have made
   * (a standing event, one not yet due, one an erasure would have taken with the older ones).
   */
  readonly problem: 'content_hash_mismatch' | 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'head_mismatch' | 'redaction_mismatch' | 'redaction_unexplained'
  readonly message: string
}

/**
 * What `ledger.verify()` reports: whether every chain holds, how much was checked, and every
 * broken subject: `broken` lists the first broken link of each (subjects in id order, at most
 * 100), `brokenSubjects` counts them all, `firstBroken` is `broken[0]`.
 *
 * @example
 * const report = await privacy.ledger.verify()
 * if (!report.ok) for (const link of report.broken) alert(`ledger broken at ${link.subject}#${link.seq}`)
 */
export type VerifyReport =
  | { readonly ok: true; readonly subjects: number; readonly events: number; readonly redacted: number; readonly broken: readonly []; readonly brokenSubjects: 0 }
  | {
      readonly ok: false
      readonly subjects: number
      readonly events: number
      readonly redacted: number
      readonly firstBroken: BrokenLink
      readonly broken: readonly BrokenLink[]
      readonly brokenSubjects: number
    }

/**
 * What `ledger.reencrypt()` did.
 *
 * @example
 * const { reencrypted, keyId } = await privacy.ledger.reencrypt({ batchSize: 500 })
 */
export interface ReencryptReport {
  /** Rows moved to the current key. */
  readonly reencrypted: number
  /** The key id they now use. */
  readonly keyId: string
}

/**
 * What `ledger.erase()` did: how many events it redacted and, when it redacted any, the
 * consistency token of the `erasure.applied` event it appended.
 *
 * @example const { redacted, consistencyToken } = await ctx.ledger.erase('u_42', ids, new Date())
 */
export interface ErasureResult {
  readonly redacted: number
  readonly consistencyToken?: ConsistencyToken
}

/**
 * The consent ledger: append-only, hash-chained per subject.
 *
 * @example
 * const event = await ctx.ledger.append({ subject: 'u_42', type: 'sms.opted_out', phone: '+15551234567', method: 'keyword' })
 * const state = await ctx.ledger.state('u_42')
 */
export interface Ledger<P extends Policy = Policy> {
  /** Validates and appends one event (or returns the first result of its idempotency key), with its consistency token. */
  append(input: RecordInput<P>, options?: { caller?: string }): Promise<AppendedEvent<P>>
  /** Validates all, then appends all in one transaction (all or nothing), in input order; each event with its token. */
  appendMany(inputs: readonly RecordInput<P>[], options?: { caller?: string }): Promise<AppendedEvent<P>[]>
  /** The subject's events in chain order, identifiers decrypted. */
  history(subject: string): Promise<LedgerEvent<P>[]>
  /** The events whose sealed identifier is `value` (by keyed hash), in recording order. */
  findByIdentifier(kind: IdentifierKind, value: string): Promise<LedgerEvent<P>[]>
  /**
   * The subject's projected state, from the in-memory cache when warm and new enough for
   * `options` (see {@link ConsistencyOptions}), else from the database.
   *
   * @throws {@link PrivacyError} INVALID_INPUT for malformed options, or a token naming a position this ledger has not reached.
   */
  state(subject: string, options?: ConsistencyOptions): Promise<SubjectPrivacyState>
  /** The cached state if warm and new enough for `options`, else undefined (no I/O): the fast path of `check()`. */
  cachedState(subject: string, options?: ConsistencyOptions): SubjectPrivacyState | undefined
  /** Recomputes every chain (or one subject's) and reports every broken subject (bounded list, full count). */
  verify(options?: { subject?: string }): Promise<VerifyReport>
  /** Moves identifiers sealed under an old key to the current key, in batches. */
  reencrypt(options?: { batchSize?: number }): Promise<ReencryptReport>
  /**
   * Redacts these events of `subject` for an erasure, at `at`, and records in the same transaction
   * the `erasure.applied` event listing them (what `verify()` explains the redactions by).
   */
  erase(subject: string, ids: readonly string[], at: Date): Promise<ErasureResult>
  /**
   * Drops cached state of these subjects here and, through NOTIFY, on other instances. Call it
   * after changing `privacy_events` outside `append` (retention's redaction).
   */
  invalidate(subjects: readonly string[]): Promise<void>
}
