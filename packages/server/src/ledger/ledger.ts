import { randomUUID } from 'node:crypto'
import { canonicalJson } from '@onmion/privacy-proof'
import { SUBJECT_ID_MESSAGE, SUBJECT_ID_PATTERN, type Policy, type SubjectId } from '@onmion/privacy-schema'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { IdentifierKind, IdentifierVault, SealedIdentifier } from '../crypto/vault.js'
import { PrivacyError, PrivacyErrorCode, invalidField } from '../errors.js'
import type { Backend, Database } from '../storage/database.js'
import { isStorageUnavailable } from '../storage/storage-error.js'
import type { Tables } from '../storage/tables.js'
import { AppendGroup } from './append-group.js'
import { ERASURE_EVENT_TYPE, formatSeqRanges } from './erasure-record.js'
import { GENESIS_HASH, contentHashOf, personalHashOf } from './canonical.js'
import { CACHED_READ, encodeConsistencyToken, readFloor, withConsistencyToken, type AppendedEvent, type ConsistencyOptions, type ReadFloor } from './consistency.js'
import type { LedgerEvent, RecordInput, RecordedEvent } from './events.js'
import type { ErasureResult, Ledger, ReencryptReport, SubjectPrivacyState, VerifyReport } from './ledger-types.js'
import { lockedState, projectState } from './projection.js'
import { unexplainedRedaction, type RedactionRules } from './redaction-audit.js'
import { reencryptIdentifiers } from './reencrypt.js'
import { redactionFacts, redactionValues, rowContent, rowPersonal, subjectEventRows, toEvent } from './rows.js'
import { StateCache, type PositionedState } from './state-cache.js'
import { stateKeyOf } from './state-key.js'
import type { PrivacyEventRow } from './tables.js'
import { guardInput } from '../input-guard.js'
import { validateEvent, type ValidatedEvent } from './validate.js'
import { verifyChains } from './verify.js'

/**
 * The PostgreSQL notification channel carrying subjects whose state changed (comma-separated).
 *
 * @example
 * -- psql: watch what the SDK invalidates
 * LISTEN onmion_privacy_subjects;
 */
export const INVALIDATION_CHANNEL = 'onmion_privacy_subjects'
/** Largest NOTIFY payload we send (PostgreSQL's limit is 8000 bytes). */
const NOTIFY_BYTES = 7000
const IDEMPOTENCY_INDEX = 'privacy_events_idempotency_key'
/** Most single appends written by one statement (a group commit; see {@link AppendGroup}). */
const GROUP_MAX = 500

/**
 * What {@link ConsentLedger} is built from.
 *
 * @example
 * new ConsentLedger({ policy, db, backend: 'postgres', vault, now: () => new Date(), cacheSize: 50_000, retentionRules: ledgerRules(policy) })
 */
export interface LedgerOptions<P extends Policy> {
  policy: P
  db: Kysely<Tables>
  backend: Backend
  vault: IdentifierVault
  now: () => Date
  /** Subjects kept in the in-memory projection (default 100,000). */
  cacheSize?: number
  /**
   * The retention rules of each event type (`ledgerRules(policy)`): what tells a redaction made
   * by retention or an erasure from one made by hand.
   */
  retentionRules: RedactionRules
}

interface PreparedRow {
  row: PrivacyEventRow
  event: ScopedEvent
}

/**
 * Options of a write.
 *
 * @example
 * await privacy.record(event, { caller: 'billing-service' })
 */
export interface RecordOptions {
  /**
   * Who is writing (the service passes the API key id). Idempotency keys are scoped to it: two
   * callers using the same key never see, replay or conflict with each other's events. Writes
   * without a caller share one scope (the application's own code).
   */
  caller?: string
}

/** A validated event whose idempotency key is scoped to its caller; `callerKey` is the key as given. */
type ScopedEvent = ValidatedEvent & { callerKey?: string }

function parseCaller(options: RecordOptions): string | undefined {
  // Checked at run time: JavaScript callers may pass anything.
  const { caller } = ((options as unknown) !== null && typeof options === 'object' ? options : {}) as { caller?: unknown }
  if (caller === undefined) return undefined
  if (typeof caller !== 'string' || caller.length === 0 || caller.length > 200) throw invalidField('caller', 'must be 1-200 characters')
  guardInput(caller, 'caller')
  return caller
}

/**
 * Stores a caller's key as `<length of caller>:<caller>:<key>`: the length makes the split
 * unambiguous whatever either part holds, so no two callers' keys can ever be equal. The unique
 * index, the replay lookup and the hash (which covers the stored key) need no other change.
 */
function scopeKey(event: ValidatedEvent, caller: string | undefined): ScopedEvent {
  if (caller === undefined || event.idempotencyKey === null) return event
  return { ...event, idempotencyKey: `${caller.length}:${caller}:${event.idempotencyKey}`, callerKey: event.idempotencyKey }
}

/**
 * The consent ledger on a database: appends events to per-subject hash chains, reads them back,
 * projects and caches state, verifies chains and re-encrypts identifiers.
 *
 * One append is one SQL statement: an upsert of the subject's head row (which locks it, so
 * concurrent writers from any connection or instance queue on it) computes the next `seq` and
 * `hash` and feeds the event INSERT and its Merkle log leaf in the same statement. A batch is one
 * statement too (`privacy_append_events`): it locks its subjects' heads in subject order, chains
 * in the database's memory and writes the events, leaves and heads with set-based INSERTs.
 * Single appends that arrive while another write of this instance is in flight are written
 * together by that batch statement when it is done (a group commit, {@link AppendGroup}): every
 * append holds the Merkle log's size row until it commits, so appends cannot overlap, and a group
 * shares one commit instead of queueing for one each.
 *
 * @example
 * const ledger = new ConsentLedger({ policy, db, backend: 'pglite', vault, now: () => new Date(), retentionRules: ledgerRules(policy) })
 * await ledger.append({ subject: 'u_42', type: 'restriction.set', method: 'rights_request' })
 */
export class ConsentLedger<P extends Policy> implements Ledger<P> {
  readonly #policy: P
  readonly #db: Kysely<Tables>
  readonly #backend: Backend
  readonly #vault: IdentifierVault
  readonly #now: () => Date
  readonly #cache: StateCache
  readonly #rules: RedactionRules
  readonly #singles: AppendGroup<PrivacyEventRow, PrivacyEventRow>
  #unlisten: (() => Promise<void>) | undefined

  constructor(options: LedgerOptions<P>) {
    this.#policy = options.policy
    this.#db = options.db
    this.#backend = options.backend
    this.#vault = options.vault
    this.#now = options.now
    this.#cache = new StateCache(options.cacheSize ?? 100_000)
    this.#rules = options.retentionRules
    this.#singles = new AppendGroup(
      { many: (rows) => this.#insertBatch(rows), one: (row) => this.#insertOne(this.#db, row), fatal: isStorageUnavailable },
      GROUP_MAX,
    )
  }

  /** Subscribes to other instances' invalidations (PostgreSQL only: PGlite has one process). */
  async listen(database: Database): Promise<void> {
    if (database.backend !== 'postgres') return
    this.#unlisten = await database.listen(INVALIDATION_CHANNEL, {
      notify: (payload) => {
        for (const subject of payload.split(',')) this.#cache.invalidate(subject)
      },
      reset: () => this.#cache.clear(),
    })
  }

  /** Stops listening. */
  async close(): Promise<void> {
    await this.#unlisten?.()
    this.#unlisten = undefined
  }

  async append(input: RecordInput<P>, options: RecordOptions = {}): Promise<AppendedEvent<P>> {
    return withConsistencyToken(await this.#append(input, options))
  }

  async #append(input: RecordInput<P>, options: RecordOptions): Promise<RecordedEvent<P>> {
    const now = this.#now()
    const caller = parseCaller(options)
    const event = scopeKey(validateEvent(this.#policy, input, now), caller)
    // Written first, looked up only when the key's unique index refuses it: a retry is the rare
    // case, and a lookup before every keyed write was a round trip each.
    const { row } = this.#prepare(event, now)
    try {
      const linked = await this.#singles.submit(row)
      this.#cache.invalidate(row.subject)
      return this.#recorded(linked, event)
    } catch (error) {
      if (event.idempotencyKey !== null && isUniqueViolation(error, IDEMPOTENCY_INDEX)) {
        // The key was recorded before (a retry), or a concurrent retry won the race: return what it recorded.
        const row = (await this.#byIdempotencyKey(this.#db, [event.idempotencyKey])).get(event.idempotencyKey)
        if (row) return this.#replay(row, event, 'idempotencyKey')
      }
      throw wrapStorage(error)
    }
  }

  /** Appends one prepared row in one statement (see the class comment); returns it linked. */
  async #insertOne(db: Kysely<Tables>, row: PrivacyEventRow): Promise<PrivacyEventRow> {
    const result = await sql<{ new_seq: number; new_prev_hash: string; new_hash: string }>`
      select new_seq, new_prev_hash, new_hash from privacy_append_event(
        ${row.id}::text, ${row.subject}::text, ${row.type}::text, ${jsonParam(row.payload)}::jsonb, ${row.method}::text,
        ${jsonParam(row.evidence)}::jsonb, ${row.policy_version}::text, ${row.occurred_at.toISOString()}::timestamptz,
        ${row.recorded_at.toISOString()}::timestamptz, ${row.idempotency_key}::text, ${row.identifier_kind}::text,
        ${row.identifier_key_id}::text, ${row.identifier_ciphertext}::text, ${row.identifier_lookup}::text, ${row.personal_hash}::text,
        ${row.content_hash}::text, ${row.state_key}::text,
        ${this.#backend === 'postgres'}::boolean)`.execute(db)
    const link = result.rows[0]
    if (!link) throw new PrivacyError(PrivacyErrorCode.STORAGE, 'append returned no row')
    return { ...row, seq: link.new_seq, prev_hash: link.new_prev_hash, hash: link.new_hash }
  }

  /**
   * Appends prepared rows in one statement, in order (see the class comment); returns them
   * linked. One round trip, atomic without a transaction: privacy_append_events locks the heads
   * in subject order, chains, inserts the events and their leaves, moves the heads and notifies.
   * The rows travel as one JSON parameter: binding thousands of parameters costs more than the
   * insert itself. `si` points at the row's subject in `subjects`.
   */
  async #insertBatch(rows: readonly PrivacyEventRow[]): Promise<PrivacyEventRow[]> {
    const subjects = [...new Set(rows.map((row) => row.subject))]
    const position = new Map(subjects.map((subject, i) => [subject, i + 1]))
    const params = rows.map((row, i) => ({ ...row, i: i + 1, si: position.get(row.subject) }))
    const links = await sql<{ new_seq: number; new_prev_hash: string; new_hash: string }>`
      select new_seq, new_prev_hash, new_hash from privacy_append_events(
        ${JSON.stringify(subjects)}::jsonb, ${JSON.stringify(params)}::jsonb, ${this.#backend === 'postgres'}::boolean)`.execute(this.#db)
    if (links.rows.length !== rows.length) throw new PrivacyError(PrivacyErrorCode.STORAGE, `batch append returned ${links.rows.length} of ${rows.length} rows`)
    return rows.map((row, i) => {
      const link = links.rows[i] as { new_seq: number; new_prev_hash: string; new_hash: string }
      return { ...row, seq: link.new_seq, prev_hash: link.new_prev_hash, hash: link.new_hash }
    })
  }

  /**
   * Redacts the given events of `subject` for an erasure, at `at`, and appends in the same
   * transaction the `erasure.applied` event that lists their positions and that time: what tells
   * `verify()` this redaction from one made by hand. Events already redacted, and erasure events
   * themselves, are skipped. Returns how many events were redacted and, when any was, the
   * consistency token of the erasure's event (a read at least that new no longer sees them).
   */
  async erase(subject: string, ids: readonly string[], at: Date): Promise<ErasureResult> {
    if (ids.length === 0) return { redacted: 0 }
    const now = this.#now()
    const result = await this.#db.transaction().execute(async (trx): Promise<ErasureResult> => {
      const rows = await trx
        .selectFrom('privacy_events')
        .select('seq')
        .where('subject', '=', subject)
        .where(sql<boolean>`id = any(${ids}::text[])`)
        .where('redacted_at', 'is', null)
        .where('type', '!=', ERASURE_EVENT_TYPE)
        .execute()
      if (rows.length === 0) return { redacted: 0 }
      const seqs = rows.map((r) => r.seq)
      const record: ScopedEvent = {
        subject: subject as SubjectId,
        type: ERASURE_EVENT_TYPE,
        payload: { erasedAt: at.toISOString(), erased: formatSeqRanges(seqs) },
        phone: undefined,
        method: 'erasure',
        evidence: {},
        occurredAt: at,
        idempotencyKey: null,
      }
      const linked = await this.#insertOne(trx, this.#prepare(record, now).row)
      const updated = await trx
        .updateTable('privacy_events')
        .set(redactionValues(at))
        .where('subject', '=', subject)
        .where(sql<boolean>`seq = any(${seqs}::int[])`)
        .where('redacted_at', 'is', null)
        .executeTakeFirst()
      return { redacted: Number(updated.numUpdatedRows), consistencyToken: encodeConsistencyToken([[subject, linked.seq]]) }
    })
    await this.invalidate([subject])
    return result
  }

  async appendMany(inputs: readonly RecordInput<P>[], options: RecordOptions = {}): Promise<AppendedEvent<P>[]> {
    return (await this.#appendMany(inputs, options)).map(withConsistencyToken)
  }

  async #appendMany(inputs: readonly RecordInput<P>[], options: RecordOptions): Promise<RecordedEvent<P>[]> {
    if (!Array.isArray(inputs)) throw invalidField('events', 'must be an array of events')
    const now = this.#now()
    const caller = parseCaller(options)
    const events = inputs.map((input, i) => scopeKey(validateEvent(this.#policy, input, now, `events[${i}]`), caller))
    const seen = new Map<string, number>()
    events.forEach((event, i) => {
      if (event.idempotencyKey === null) return
      const first = seen.get(event.idempotencyKey)
      if (first !== undefined) throw invalidField(`events[${i}].idempotencyKey`, `repeats the key of events[${first}]`)
      seen.set(event.idempotencyKey, i)
    })
    if (events.length === 0) return []
    try {
      return await this.#appendBatch(events, now)
    } catch (error) {
      // A concurrent writer recorded one of the keys first: run again, replaying what it recorded.
      if (!isUniqueViolation(error, IDEMPOTENCY_INDEX)) throw wrapStorage(error)
    }
    try {
      return await this.#appendBatch(events, now)
    } catch (error) {
      throw wrapStorage(error)
    }
  }

  async #appendBatch(events: readonly ScopedEvent[], now: Date): Promise<RecordedEvent<P>[]> {
    const keys = events.flatMap((e) => (e.idempotencyKey === null ? [] : [e.idempotencyKey]))
    // Read outside the write: a key recorded between this read and the write fails the write on
    // the unique index (nothing written), and the caller runs the batch again, replaying it.
    const existing = keys.length > 0 ? await this.#byIdempotencyKey(this.#db, keys) : new Map<string, PrivacyEventRow>()
    const out: (RecordedEvent<P> | PreparedRow)[] = events.map((event) => {
      const row = event.idempotencyKey === null ? undefined : existing.get(event.idempotencyKey)
      return row ? this.#replay(row, event, 'idempotencyKey') : this.#prepare(event, now)
    })
    const fresh = out.filter((item): item is PreparedRow => 'row' in item && 'event' in item)
    if (fresh.length > 0) {
      const linked = await this.#insertBatch(fresh.map((prepared) => prepared.row))
      fresh.forEach((prepared, i) => {
        prepared.row = linked[i] ?? prepared.row
      })
    }
    for (const event of events) this.#cache.invalidate(event.subject)
    return out.map((item) => ('row' in item && 'event' in item ? this.#recorded(item.row, item.event) : item))
  }

  #prepare(event: ScopedEvent, now: Date): PreparedRow {
    const sealed: SealedIdentifier | undefined = event.phone === undefined ? undefined : this.#vault.seal('phone', event.phone)
    const row: PrivacyEventRow = {
      id: randomUUID(),
      subject: event.subject,
      seq: 0,
      type: event.type,
      payload: event.payload,
      method: event.method,
      evidence: event.evidence,
      policy_version: this.#policy.meta.version,
      occurred_at: event.occurredAt,
      recorded_at: now,
      idempotency_key: event.idempotencyKey,
      identifier_kind: sealed?.kind ?? null,
      identifier_key_id: sealed?.keyId ?? null,
      identifier_ciphertext: sealed?.ciphertext ?? null,
      identifier_lookup: sealed?.lookup ?? null,
      prev_hash: GENESIS_HASH,
      personal_hash: '',
      content_hash: '',
      hash: '',
      redacted_at: null,
      state_key: stateKeyOf(event.type, event.payload),
    }
    // Hashed through the same mapping verify() reads back with, so writer and verifier cannot drift.
    row.personal_hash = personalHashOf(rowPersonal(row))
    row.content_hash = contentHashOf(rowContent(row))
    return { row, event }
  }

  /** The event as returned to the writer: the stored row, with the clear identifier it gave. */
  #recorded(row: PrivacyEventRow, event: ScopedEvent): RecordedEvent<P> {
    const stored = toEvent<P>({ ...row, identifier_ciphertext: null }, this.#vault) as RecordedEvent<P>
    const own = { ...stored, idempotencyKey: event.callerKey ?? stored.idempotencyKey }
    return (event.phone === undefined ? own : { ...own, phone: event.phone }) as RecordedEvent<P>
  }

  /** A write whose idempotency key is already recorded: the first result, if it is the same kind of event. */
  #replay(row: PrivacyEventRow, event: ScopedEvent, field: string): RecordedEvent<P> {
    // The key is scoped to the caller, so the event named here is always the caller's own.
    if (!this.#sameRequest(row, event)) {
      throw new PrivacyError(
        PrivacyErrorCode.CONFLICT,
        `${field}: "${event.callerKey ?? event.idempotencyKey ?? ''}" was already used for a different event (a ${row.type} event of ${row.subject})`,
        { field },
      )
    }
    const stored = toEvent<P>(row, this.#vault) as RecordedEvent<P>
    return { ...stored, idempotencyKey: event.callerKey ?? stored.idempotencyKey }
  }

  /**
   * Whether a retry asks for what the key first recorded: same subject, type, method, fields and
   * identifier. A different event under a reused key must fail loudly, or it would be answered
   * as recorded and lost. Evidence and times may differ between retries (a client re-stamps
   * them), and a redacted row has no fields left to compare.
   */
  #sameRequest(row: PrivacyEventRow, event: ValidatedEvent): boolean {
    if (row.subject !== event.subject || row.type !== event.type || row.method !== event.method) return false
    if (row.redacted_at !== null) return true
    const lookup = event.phone === undefined ? null : this.#vault.lookup('phone', event.phone)
    return canonicalJson(row.payload) === canonicalJson(event.payload) && row.identifier_lookup === lookup
  }

  async #byIdempotencyKey(db: Kysely<Tables> | Transaction<Tables>, keys: readonly string[]): Promise<Map<string, PrivacyEventRow>> {
    const rows = await db.selectFrom('privacy_events').selectAll().where('idempotency_key', 'in', keys).execute()
    return new Map(rows.map((r) => [r.idempotency_key ?? '', r]))
  }

  async history(subject: string): Promise<LedgerEvent<P>[]> {
    const id = parseSubject(subject)
    return (await subjectEventRows(this.#db, id)).map((row) => toEvent<P>(row, this.#vault))
  }

  async findByIdentifier(kind: IdentifierKind, value: string): Promise<LedgerEvent<P>[]> {
    if (typeof value !== 'string' || value.trim() === '') throw invalidField('value', 'must be a non-empty identifier')
    const lookup = this.#vault.lookup(kind, value)
    const rows = await this.#db
      .selectFrom('privacy_events')
      .selectAll()
      .where('identifier_lookup', '=', lookup)
      .orderBy('recorded_at')
      .orderBy('subject')
      .orderBy('seq')
      .execute()
    return rows.map((row) => toEvent<P>(row, this.#vault))
  }

  async state(subject: string, options?: ConsistencyOptions): Promise<SubjectPrivacyState> {
    const id = parseSubject(subject)
    const floor = readFloor(options)
    const cached = this.#fromCache(id, floor)
    if (cached) return cached
    // A floor needs a read that starts now: a load already running may predate the write it names.
    const { state, seq } = await this.#cache.get(id, () => this.#load(id), floor !== CACHED_READ)
    const needed = floor.positions?.get(id)
    if (needed !== undefined && seq < needed) {
      throw invalidField('atLeast', `names position ${needed} of "${id}", but this ledger holds ${seq} events of it (a token from another database?)`)
    }
    return state
  }

  async #load(subject: string): Promise<PositionedState> {
    const rows = await this.#rowsForProjection(subject)
    // A redaction neither retention nor an erasure could have made hides an event by hand (the
    // projection skips redacted events): the subject gets the strictest state, never a wider one.
    const locked = unexplainedRedaction(rows.map(redactionFacts), this.#rules) !== undefined
    const events = rows.map((row) => toEvent<P>(row, this.#vault))
    return { state: locked ? lockedState(this.#policy) : projectState(this.#policy, events), seq: events.at(-1)?.seq ?? 0 }
  }

  /**
   * The cached state when it satisfies `floor`: never for `strong`; with a token, only when the
   * cache has seen the position the token names for this subject. A token that names other
   * subjects only says nothing about this one's cache, so the database answers.
   */
  #fromCache(subject: string, floor: ReadFloor): SubjectPrivacyState | undefined {
    if (floor.strong) return undefined
    const entry = this.#cache.peek(subject)
    if (entry === undefined || floor.positions === null) return entry?.state
    const needed = floor.positions.get(subject)
    return needed !== undefined && entry.seq >= needed ? entry.state : undefined
  }

  /** A subject's rows without their identifiers: the projection and the audit need none (nothing to decrypt). */
  async #rowsForProjection(subject: string): Promise<PrivacyEventRow[]> {
    const rows = await this.#db
      .selectFrom('privacy_events')
      .select(['id', 'subject', 'seq', 'type', 'payload', 'method', 'evidence', 'policy_version', 'occurred_at', 'recorded_at', 'idempotency_key', 'personal_hash', 'prev_hash', 'content_hash', 'hash', 'redacted_at', 'state_key'])
      .where('subject', '=', subject)
      .orderBy('seq')
      .execute()
    return rows.map((row) => ({ ...row, identifier_kind: null, identifier_key_id: null, identifier_ciphertext: null, identifier_lookup: null }))
  }

  cachedState(subject: string, options?: ConsistencyOptions): SubjectPrivacyState | undefined {
    return this.#fromCache(subject, readFloor(options))
  }

  async verify(options: { subject?: string } = {}): Promise<VerifyReport> {
    const subject = options.subject === undefined ? undefined : parseSubject(options.subject)
    return verifyChains(this.#db, { rules: this.#rules, ...(subject === undefined ? {} : { subject }) })
  }

  async reencrypt(options: { batchSize?: number } = {}): Promise<ReencryptReport> {
    const batchSize = options.batchSize ?? 500
    if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw invalidField('batchSize', 'must be a whole number from 1 to 10000')
    return reencryptIdentifiers(this.#db, this.#vault, batchSize)
  }

  async invalidate(subjects: readonly string[]): Promise<void> {
    for (const subject of subjects) this.#cache.invalidate(subject)
    if (this.#backend === 'postgres' && subjects.length > 0) await notifyAll(this.#db, [...subjects])
  }
}

function parseSubject(subject: string): string {
  const result = validateSubject(subject)
  if (result !== null) throw invalidField('subject', result)
  return subject
}

/**
 * Checks a subject id without zod (the hot path of `check()`): null when valid, else why not.
 *
 * @example
 * validateSubject('u_42') // null
 * validateSubject('a@b.c') // 'must be an opaque id ...'
 */
export function validateSubject(subject: unknown): string | null {
  if (typeof subject !== 'string') return 'must be a string'
  return SUBJECT_ID_PATTERN.test(subject) ? null : SUBJECT_ID_MESSAGE
}

/** JSON values go to jsonb columns as text, so `pg` never turns an array into a PostgreSQL array. */
function jsonParam(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value)
}

async function notifyAll(db: Kysely<Tables> | Transaction<Tables>, subjects: readonly string[]): Promise<void> {
  let chunk = ''
  const send = (payload: string): Promise<unknown> => sql`select pg_notify(${INVALIDATION_CHANNEL}, ${payload})`.execute(db)
  for (const subject of subjects) {
    if (chunk !== '' && chunk.length + subject.length + 1 > NOTIFY_BYTES) {
      await send(chunk)
      chunk = ''
    }
    chunk = chunk === '' ? subject : `${chunk},${subject}`
  }
  if (chunk !== '') await send(chunk)
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  return e.code === '23505' && (e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint)))
}

/**
 * A write that failed because the database cannot serve now is a STORAGE error (the service
 * answers 503, a retry may succeed). Anything else the database refused is a bug, not a reason
 * to retry: it is passed on as it is (a 500, logged with its cause).
 */
function wrapStorage(error: unknown): unknown {
  if (error instanceof PrivacyError || !isStorageUnavailable(error)) return error
  return new PrivacyError(PrivacyErrorCode.STORAGE, `ledger write failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
}
