import { AgeStatus, E164Phone, EntityId, SubjectId, Timestamp, type CookieCategoryId, type Policy, type PurposeId } from '@onmion/privacy-schema'
import { z } from 'zod'

/**
 * Every event type the ledger records.
 *
 * @example
 * LedgerEventType.options // ['consent.granted', 'consent.withdrawn', ...]
 */
export const LedgerEventType = z.enum([
  'consent.granted',
  'consent.withdrawn',
  'objection.recorded',
  'objection.lifted',
  'restriction.set',
  'restriction.lifted',
  'age.attested',
  'sms.opted_in',
  'sms.opted_out',
  'cookies.choice',
  'notice.announced',
  'erasure.applied',
])
export type LedgerEventType = z.infer<typeof LedgerEventType>

/**
 * SMS methods allowed besides the policy's enrollment methods: a keyword text and a reply.
 *
 * @example
 * await privacy.record({ subject: 'u_42', type: 'sms.opted_out', phone: '+15551234567', method: 'keyword' })
 */
export const EXTRA_SMS_METHODS: readonly string[] = ['keyword', 'reply']

/**
 * A JSON object: what `evidence` holds (form id, IP hash, message id, ...).
 *
 * @example
 * Evidence.parse({ formId: 'F-19', ip: '203.0.113.0/24' })
 */
export const Evidence = z.record(z.string(), z.json())
export type Evidence = z.infer<typeof Evidence>

/**
 * How the event was obtained: an enrollment method id for SMS, a snake_case word otherwise.
 *
 * @example
 * EventMethod.parse('signed_form')
 */
export const EventMethod = EntityId

/**
 * An E.164 phone number: `+` and 7 to 15 digits.
 *
 * @example
 * PhoneNumber.parse('+15551234567')
 */
export const PhoneNumber = E164Phone
export type PhoneNumber = z.infer<typeof PhoneNumber>

/** A policy version as the ledger records it (`1.0.0`). */
const PolicyVersionText = z.string().trim().min(1).max(64)

const common = {
  subject: SubjectId,
  method: EventMethod,
  evidence: Evidence.optional(),
  /** When it happened (default: when recorded): years 0001-9999, at most a small skew in the future. */
  occurredAt: Timestamp.optional(),
  /** A retried write with the same key is recorded once and returns the first result. */
  idempotencyKey: z.string().min(1).max(200).optional(),
}

/**
 * An event as given to `record()`, checked for shape (policy checks follow in the ledger).
 * Discriminated on `type`. `erasure.applied` is not among them: only an erasure writes it.
 *
 * @example
 * EventInput.parse({ subject: 'u_42', type: 'consent.granted', purpose: 'transactional_sms', method: 'signed_form' })
 */
export const EventInput = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('consent.granted'), purpose: EntityId }).strict(),
  z.object({ ...common, type: z.literal('consent.withdrawn'), purpose: EntityId }).strict(),
  z.object({ ...common, type: z.literal('objection.recorded'), purpose: EntityId }).strict(),
  z.object({ ...common, type: z.literal('objection.lifted'), purpose: EntityId.optional() }).strict(),
  z.object({ ...common, type: z.literal('restriction.set') }).strict(),
  z.object({ ...common, type: z.literal('restriction.lifted') }).strict(),
  z.object({ ...common, type: z.literal('age.attested'), status: AgeStatus.exclude(['unknown']) }).strict(),
  z.object({ ...common, type: z.literal('sms.opted_in'), phone: PhoneNumber }).strict(),
  z.object({ ...common, type: z.literal('sms.opted_out'), phone: PhoneNumber }).strict(),
  z.object({ ...common, type: z.literal('cookies.choice'), choices: z.record(EntityId, z.boolean()) }).strict(),
  z.object({ ...common, type: z.literal('notice.announced'), fromVersion: PolicyVersionText, toVersion: PolicyVersionText, channel: z.enum(['email']) }).strict(),
])
export type EventInput = z.infer<typeof EventInput>

/**
 * The type-specific part of an event, typed by the policy `P`.
 *
 * @example
 * const payload: EventPayload<typeof onmionPolicy> = { type: 'consent.granted', purpose: 'analytics' }
 */
export type EventPayload<P extends Policy = Policy> =
  | { type: 'consent.granted' | 'consent.withdrawn'; purpose: PurposeId<P> }
  | { type: 'objection.recorded'; purpose: PurposeId<P> }
  | { type: 'objection.lifted'; purpose?: PurposeId<P> }
  | { type: 'restriction.set' | 'restriction.lifted' }
  | { type: 'age.attested'; status: 'at_or_above_minimum' | 'below_minimum' }
  | { type: 'sms.opted_in' | 'sms.opted_out'; phone: string }
  | { type: 'cookies.choice'; choices: Partial<Record<CookieCategoryId<P>, boolean>> }
  | { type: 'notice.announced'; fromVersion: string; toVersion: string; channel: 'email' }
  | ErasurePayload

/**
 * What an erasure records in the subject's chain (see `ERASURE_EVENT_TYPE`): when it redacted, and
 * which positions of the chain (ranges, `1-5,7`).
 *
 * @example
 * const erasure = history.find((e): e is RecordedEvent & ErasurePayload => e.type === 'erasure.applied')
 */
export interface ErasurePayload {
  type: 'erasure.applied'
  /** The `redactedAt` of every event it lists (ISO 8601). */
  erasedAt: string
  /** The chain positions it redacted, as ranges. */
  erased: string
}

/**
 * The fields every event input has besides its payload.
 *
 * @example
 * const common: EventCommon = { subject: 'u_42', method: 'web_form', evidence: { formId: 'F-19' }, idempotencyKey: 'req-7' }
 */
export interface EventCommon {
  /** An opaque subject id (`u_42`); never an email or phone number. */
  subject: string
  /** How it was obtained. SMS events: one of the policy's enrollment methods, or `keyword`/`reply`. */
  method: string
  evidence?: Evidence
  occurredAt?: Date | string
  idempotencyKey?: string
}

/**
 * What `privacy.record()` takes, typed by the policy: an undeclared purpose or cookie category
 * does not compile.
 *
 * @example
 * const event: RecordInput<typeof onmionPolicy> = {
 *   subject: 'u_42', type: 'consent.granted', purpose: 'transactional_sms', method: 'signed_form', evidence: { formId: 'F-19' },
 * }
 */
export type RecordInput<P extends Policy = Policy> = Exclude<EventPayload<P>, ErasurePayload> & EventCommon

/**
 * What the ledger stores for every event, redacted or not.
 *
 * @example
 * const { seq, prevHash, hash } = await privacy.record({ subject: 'u_42', type: 'restriction.set', method: 'api' })
 */
export interface StoredEventFields {
  readonly id: string
  readonly subject: SubjectId
  /** Position in the subject's chain, from 1. */
  readonly seq: number
  readonly method: string
  readonly policyVersion: string
  readonly occurredAt: Date
  readonly recordedAt: Date
  readonly idempotencyKey: string | null
  /** SHA-256 (hex) of the event's canonical content. */
  readonly contentHash: string
  /** The previous event's `hash` (64 zeros for the first). */
  readonly prevHash: string
  /** SHA-256 (hex) of `prevHash || contentHash`. */
  readonly hash: string
}

/**
 * An event as stored and read back, with its payload.
 *
 * @example
 * const events = await privacy.history('u_42')
 * for (const e of events) if (e.redactedAt === null && e.type === 'consent.granted') use(e.purpose)
 */
export type RecordedEvent<P extends Policy = Policy> = EventPayload<P> &
  StoredEventFields & {
    readonly evidence: Evidence
    readonly redactedAt: null
  }

/**
 * An event whose personal content retention removed: the chain fields stay (so verify still
 * holds), the payload, evidence and identifier are gone.
 *
 * @example
 * if (event.redactedAt !== null) console.log(`event ${event.seq} redacted at ${event.redactedAt.toISOString()}`)
 */
export type RedactedEvent = StoredEventFields & {
  readonly type: LedgerEventType
  readonly evidence: null
  readonly redactedAt: Date
}

/**
 * An event of the ledger: recorded (with payload) or redacted. Narrow on `redactedAt`.
 *
 * @example
 * const last: LedgerEvent = (await privacy.history('u_42')).at(-1)!
 */
export type LedgerEvent<P extends Policy = Policy> = RecordedEvent<P> | RedactedEvent
