import { Policy as PolicySchema, type Decision, type Policy } from '@onmion/privacy-schema'
import type { Kysely } from 'kysely'
import { assertProcessing, checkProcessing, type CheckInput } from './check/check.js'
import { resolveCheckpointKey, resolveDatabase, resolveKeys } from './config.js'
import type { PrivacyContext } from './context.js'
import type { PrivacyKeys } from './crypto/keys.js'
import { createVault } from './crypto/vault.js'
import { invalidField, invalidInput } from './errors.js'
import type { AppendedEvent, ConsistencyOptions } from './ledger/consistency.js'
import type { LedgerEvent, RecordInput } from './ledger/events.js'
import type { ReencryptReport, SubjectPrivacyState } from './ledger/ledger-types.js'
import { ConsentLedger, type RecordOptions } from './ledger/ledger.js'
import { ledgerMigrations } from './ledger/migrations.js'
import { checkpointSettings, createLedgerProofs, logMigrations, type CheckpointOptions, type LedgerProofs, type LedgerVerify } from './proof/index.js'
import { createRecords } from './records/records.js'
import { ledgerRules } from './records/ledger-rules.js'
import type { DataSource } from './records/sources.js'
import { createNotices, noticesMigrations } from './notices/index.js'
import { createRetention } from './retention/retention.js'
import { retentionMigrations } from './retention/migrations.js'
import { rightsMigrations } from './rights/migrations.js'
import { createRights, type RightsOptions } from './rights/rights.js'
import { createSms, type SmsOptions } from './sms/index.js'
import { smsMigrations } from './sms/migrations.js'
import { canShareWith, type ShareDecision, type ShareInput } from './sharing.js'
import { openDatabase, type Backend } from './storage/database.js'
import { migrate, type Migration } from './storage/migrations.js'
import type { Tables } from './storage/tables.js'

/**
 * Options of {@link createPrivacy}.
 *
 * @example
 * const options: PrivacyOptions<typeof onmionPolicy> = { policy: onmionPolicy, database: 'file:./data/privacy' }
 */
export interface PrivacyOptions<P extends Policy> {
  /** The policy every decision follows; its ids type the API. */
  policy: P
  /**
   * `memory://`, `file:./dir` or a directory (PGlite), or `postgres://...` (PostgreSQL).
   * Default: `DATABASE_URL`, else PGlite at `./data/privacy`.
   */
  database?: string
  /** Identifier keys (default: `ONMION_PRIVACY_KEYS`). Needed only to record identifiers (SMS events). */
  keys?: PrivacyKeys
  /** The clock (tests). Default: `() => new Date()`. */
  clock?: () => Date
  /** An app's own migrations (ids `1000_...`), applied with the SDK's. */
  migrations?: readonly Migration[]
  /** The SMS module's transport and sender (`privacy.sms`); without a transport, replies are only returned. */
  sms?: SmsOptions
  /** The rights feature: the legal response clocks due dates follow (default `LEGAL_CLOCKS` of the schema package). */
  rights?: RightsOptions
  /** PostgreSQL pool size (default 10). */
  poolSize?: number
  /** Subjects kept in the in-memory projection (default 100,000). */
  cacheSize?: number
  /** Signed checkpoints of the ledger's Merkle log: the signing key (default `ONMION_PRIVACY_CHECKPOINT_KEY`) and the log's name. */
  checkpoints?: CheckpointOptions
}

/**
 * The core of the privacy SDK: typed decisions, the consent ledger and sharing rules (what the
 * middleware needs). {@link Privacy} adds the features (SMS, rights, retention).
 *
 * @example
 * function audit(privacy: PrivacyCore<typeof onmionPolicy>) { return privacy.ledger.verify() }
 */
export interface PrivacyCore<P extends Policy = Policy> {
  readonly policy: P
  readonly backend: Backend
  /** The typed database, for features and apps that add tables by migration. */
  readonly db: Kysely<Tables>
  /** What features are built from (the SMS, rights and retention modules use it). */
  readonly context: PrivacyContext<P>
  /**
   * Records one event on the subject's chain. The result carries `consistencyToken`: pass it as
   * `{ atLeast: token }` to a later read, on any instance, for an answer that reflects this write.
   *
   * `options.caller` scopes the event's idempotency key to one caller (the service passes the API
   * key id): another caller's use of the same key is never replayed to, nor conflicts with, this one.
   *
   * @throws {@link PrivacyError} INVALID_INPUT naming the field (nothing written); CONFLICT for a reused idempotency key.
   */
  record(event: RecordInput<P>, options?: RecordOptions): Promise<AppendedEvent<P>>
  /** Records several events in one transaction (all or nothing), in order; each carries its `consistencyToken`; `options` as for `record`. */
  recordMany(events: readonly RecordInput<P>[], options?: RecordOptions): Promise<AppendedEvent<P>[]>
  /**
   * May `category` be processed for `purpose` for this subject? Default: the fastest answer (from
   * memory when warm); `{ atLeast: token }`: at least as new as that write; `{ consistency: 'strong' }`:
   * from the database.
   *
   * @throws {@link PrivacyError} INVALID_INPUT for a malformed question or option.
   */
  check(input: CheckInput<P>, options?: ConsistencyOptions): Promise<Decision>
  /**
   * Like `check`, but throws when denied.
   *
   * @throws {@link ProcessingDeniedError} with the decision's reason.
   */
  assert(input: CheckInput<P>, options?: ConsistencyOptions): Promise<Decision>
  /** The subject's events, in chain order. */
  history(subject: string): Promise<LedgerEvent<P>[]>
  /** The subject's current state (consents, objections, restriction, age, SMS); `options` as for `check`. */
  state(subject: string, options?: ConsistencyOptions): Promise<SubjectPrivacyState<P>>
  /** May `category` be disclosed to `recipient` for `purpose`? */
  canShare(input: ShareInput<P>): ShareDecision
  /**
   * Registers a store of personal data the app owns, so rights requests (export, erasure,
   * rectification) and retention reach it. See `DataSource`.
   *
   * @throws {@link PrivacyError} INVALID_INPUT naming the bad field; CONFLICT for an id already registered.
   */
  registerSource(source: DataSource<P>): void
  readonly ledger: {
    /** Recomputes the hash chains and reports the first broken link; with `{ checkpoint }`, holds the whole ledger against it. */
    verify: LedgerVerify
    /** Moves identifiers sealed under older keys to the current key. */
    reencrypt(options?: { batchSize?: number }): Promise<ReencryptReport>
    /** Signs a checkpoint of the Merkle log of every event (`checkpoints.key` needed). */
    checkpoint: LedgerProofs['checkpoint']
    /** An O(log n) proof that an event is in a checkpoint. */
    prove: LedgerProofs['prove']
    /** An O(log n) proof that the log of one checkpoint's size extends the log of an earlier one's. */
    consistency: LedgerProofs['consistency']
    /** The public key checkpoints are signed with. */
    publicKey: LedgerProofs['publicKey']
    /** The signed consent receipt of an event (Kantara v1.1 fields, ISO/IEC TS 27560 shape), with its inclusion proof. */
    receipt: LedgerProofs['receipt']
  }
  /** Stops listening and closes the database. */
  close(): Promise<void>
}

/**
 * Opens the database, applies migrations (core, features, `options.migrations`; safe when
 * several instances start at once), and returns the SDK.
 *
 * @throws {@link PrivacyError} INVALID_INPUT for an invalid policy or keys, CONFIGURATION or STORAGE for the database.
 * @example
 * import { onmionPolicy } from '@onmion/privacy-policy'
 * import { createPrivacy } from '@onmion/privacy-server'
 *
 * const privacy = await createPrivacy({ policy: onmionPolicy, database: 'file:./data/privacy' })
 * await privacy.record({ subject: 'u_42', type: 'consent.granted', purpose: 'transactional_sms',
 *                        method: 'signed_form', evidence: { formId: 'F-19' } })
 * const d = await privacy.check({ subject: 'u_42', purpose: 'transactional_sms', category: 'identifiers' })
 * // d = { allowed: true, reason: 'allowed_consent', basis: 'consent' }
 */
export async function createPrivacy<const P extends Policy>(options: PrivacyOptions<P>) {
  const checked = PolicySchema.safeParse(options.policy)
  if (!checked.success) throw invalidInput(checked.error, 'policy')
  for (const field of ['poolSize', 'cacheSize'] as const) {
    const value = options[field]
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw invalidField(field, 'must be a positive whole number')
  }
  const policy = options.policy
  const vault = createVault(resolveKeys(options.keys))
  const checkpoints = checkpointSettings({ ...options.checkpoints, key: resolveCheckpointKey(options.checkpoints?.key) })
  const now = options.clock ?? (() => new Date())
  const database = await openDatabase(resolveDatabase(options.database), options.poolSize === undefined ? {} : { poolSize: options.poolSize })
  const { db, backend } = database
  try {
    await migrate(db, [...ledgerMigrations, ...logMigrations, ...smsMigrations, ...rightsMigrations, ...retentionMigrations, ...noticesMigrations, ...(options.migrations ?? [])])
  } catch (error) {
    await database.close()
    throw error
  }
  const ledger = new ConsentLedger<P>({ policy, db, backend, vault, now, retentionRules: ledgerRules(policy), ...(options.cacheSize === undefined ? {} : { cacheSize: options.cacheSize }) })
  await ledger.listen(database)
  const records = createRecords(policy, db, ledger, now)
  const context: PrivacyContext<P> = { policy, db, backend, ledger, vault, records, now }
  const proofs = createLedgerProofs(context, checkpoints)

  const core = {
    policy,
    backend,
    db,
    context,
    record: (event: RecordInput<P>, options?: RecordOptions) => ledger.append(event, options),
    recordMany: (events: readonly RecordInput<P>[], options?: RecordOptions) => ledger.appendMany(events, options),
    check: (input: CheckInput<P>, options?: ConsistencyOptions) => checkProcessing(policy, ledger, input, options),
    assert: (input: CheckInput<P>, options?: ConsistencyOptions) => assertProcessing(policy, ledger, input, options),
    history: (subject: string) => ledger.history(subject),
    // The projection keys consents by the policy's purposes; the type says so.
    state: (subject: string, options?: ConsistencyOptions) => ledger.state(subject, options) as Promise<SubjectPrivacyState<P>>,
    canShare: (input: ShareInput<P>) => canShareWith(policy, input),
    registerSource: (source: DataSource<P>) => records.sources.register(source),
    ledger: {
      verify: ((o?: { subject?: string } | { checkpoint: string }) => (o !== undefined && 'checkpoint' in o ? proofs.verify(o) : ledger.verify(o))) as LedgerVerify,
      reencrypt: (o?: { batchSize?: number }) => ledger.reencrypt(o),
      checkpoint: proofs.checkpoint,
      prove: proofs.prove,
      consistency: proofs.consistency,
      publicKey: proofs.publicKey,
      receipt: proofs.receipt,
    },
    async close() {
      await ledger.close()
      await database.close()
    },
  } satisfies PrivacyCore<P>
  // Features built on the context: one line each.
  return {
    ...core,
    sms: createSms(context, options.sms),
    rights: createRights(context, options.rights),
    retention: createRetention(context),
    notices: createNotices(context),
  }
}

/**
 * What {@link createPrivacy} returns for policy `P`: {@link PrivacyCore} plus the features.
 *
 * @example
 * let privacy: Privacy<typeof onmionPolicy>
 */
export type Privacy<P extends Policy = Policy> = Awaited<ReturnType<typeof createPrivacy<P>>>
