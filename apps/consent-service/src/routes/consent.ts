import { SemVer, SubjectId, isMaterialVersionChange } from '@onmion/privacy-schema'
import { EventInput, isPrivacyError, mergeConsistencyTokens, type LedgerEvent, type RecordInput } from '@onmion/privacy-server'
import { z } from 'zod'
import { ConsistencyTokenField, TOKEN_ON_READS, TOKEN_ON_WRITES, readOptions, tokenHeaders } from '../http/consistency-token.js'
import { HttpProblem } from '../http/problem.js'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

/**
 * One event as the API takes it: the SDK's event input (the same zod schema the ledger
 * validates with), plus the policy version the subject was shown, which browsers send.
 */
const variants = EventInput.options.map((option) => option.extend({ policyVersion: SemVer.optional().describe('the policy version the subject was shown') }))
// map() loses the non-empty tuple type discriminatedUnion asks for; the list is EventInput's own.
const ConsentEventBody = z.discriminatedUnion('type', variants as unknown as [(typeof variants)[number], ...(typeof variants)[number][]])
type ConsentEventBody = z.infer<typeof ConsentEventBody>

/** A batch: up to 100 events, recorded all or nothing, in order. */
const ConsentEventBatch = z.object({ events: z.array(ConsentEventBody).min(1).max(100) }).strict()

const EventsBody = z.union([ConsentEventBody, ConsentEventBatch])

/** The position of a write, for later reads (opaque; pass it back as it is). */
const WriteToken = ConsistencyTokenField.describe('the consistency token of this write (also in the Onmion-Consistency-Token header): pass it back as `atLeast` for answers at least as new')

const SubjectParams = z.object({ subject: SubjectId.describe('an opaque subject id (never an email or phone number)') })
const IdempotencyKey = z.string().min(1).max(200)

/** What a write answers with: the event's place in the ledger, not its personal content. */
const WrittenEvent = z.object({
  id: z.string(),
  subject: z.string(),
  seq: z.number().int(),
  type: z.string(),
  policyVersion: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  hash: z.string(),
})
const SubjectState = z.object({
  subject: z.string(),
  consents: z.record(z.string(), z.enum(['granted', 'withdrawn'])),
  objections: z.array(z.string()),
  restricted: z.boolean(),
  age: z.string(),
  sms: z.object({ status: z.enum(['unknown', 'opted_in', 'opted_out']), optedOut: z.boolean(), changedAt: z.string().nullable() }),
})
const EventView = WrittenEvent.extend({
  method: z.string(),
  prevHash: z.string(),
  contentHash: z.string(),
  redactedAt: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).nullable().describe('the type-specific fields; phone numbers masked; null once redacted by retention'),
  evidence: z.record(z.string(), z.unknown()).nullable(),
})

function written(event: Pick<LedgerEvent, 'id' | 'subject' | 'seq' | 'type' | 'policyVersion' | 'occurredAt' | 'recordedAt' | 'hash'>): z.infer<typeof WrittenEvent> {
  return {
    id: event.id,
    subject: event.subject,
    seq: event.seq,
    type: event.type,
    policyVersion: event.policyVersion,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    hash: event.hash,
  }
}

/** The signed receipt of a cookie choice, for the browser that made it (see `verifyReceipt` of @onmion/privacy-proof). */
const CookieChoiceReceipt = z
  .record(z.string(), z.unknown())
  .describe('the signed consent receipt of this cookie choice (Kantara v1.1 fields), without an inclusion proof yet; verify it with `verifyReceipt` of @onmion/privacy-proof')

/**
 * The receipt of a cookie choice just recorded, signed without a proof (no checkpoint covers the
 * event yet); none when no checkpoint key is configured. The choice is recorded either way.
 */
async function choiceReceipt(privacy: ServicePrivacy, eventId: string): Promise<Record<string, unknown> | undefined> {
  try {
    return { ...(await privacy.ledger.receipt(eventId, { proof: false })) }
  } catch (error) {
    if (isPrivacyError(error) && error.code === 'CONFIGURATION') return undefined
    throw error
  }
}

/** `+15551234567` -> `+1*******4567`: enough to tell numbers apart, not enough to text one. */
function maskPhone(phone: string): string {
  return phone.length <= 6 ? '*'.repeat(phone.length) : `${phone.slice(0, 2)}${'*'.repeat(phone.length - 6)}${phone.slice(-4)}`
}

function eventView(event: LedgerEvent): z.infer<typeof EventView> {
  const base = {
    ...written(event),
    method: event.method,
    prevHash: event.prevHash,
    contentHash: event.contentHash,
  }
  if (event.redactedAt !== null) return { ...base, redactedAt: event.redactedAt.toISOString(), payload: null, evidence: null }
  const payload: Record<string, unknown> = {}
  if ('purpose' in event) payload.purpose = event.purpose
  if ('status' in event) payload.status = event.status
  if ('choices' in event) payload.choices = event.choices
  if ('phone' in event) payload.phone = maskPhone(event.phone)
  if (event.type === 'notice.announced') Object.assign(payload, { fromVersion: event.fromVersion, toVersion: event.toVersion, channel: event.channel })
  // What an erasure redacted (chain positions) and when: how an auditor reads its redactions.
  if (event.type === 'erasure.applied') Object.assign(payload, { erasedAt: event.erasedAt, erased: event.erased })
  return { ...base, redactedAt: null, payload, evidence: event.evidence }
}

/**
 * Turns an API event into the ledger's input: the shown policy version must not be materially
 * older than the current one (the choice would not cover what the policy now says), and it is
 * kept in the evidence; the request's Idempotency-Key applies when the event has none.
 */
function toRecordInput(event: ConsentEventBody, currentVersion: string, idempotencyKey: string | undefined, field: string): RecordInput {
  const { policyVersion, ...input } = event
  if (policyVersion !== undefined && isMaterialVersionChange(policyVersion, currentVersion)) {
    throw new HttpProblem(409, 'conflict', `${field}.policyVersion: the subject was shown policy ${policyVersion}, but the current policy ${currentVersion} changed materially; ask again`, {
      errors: [{ field: `${field}.policyVersion`, message: `materially older than the current policy ${currentVersion}` }],
    })
  }
  const out = { ...input } as RecordInput
  if (policyVersion !== undefined) out.evidence = { ...input.evidence, policyVersionShown: policyVersion }
  if (out.idempotencyKey === undefined && idempotencyKey !== undefined) out.idempotencyKey = idempotencyKey
  return out
}

/**
 * The consent ledger over HTTP: record events (one or a batch), read a subject's projected state
 * and event history.
 *
 * @example
 * const routes = consentRoutes(privacy)
 */
export function consentRoutes(privacy: ServicePrivacy): AnyRoute[] {
  const version = privacy.policy.meta.version
  return [
    defineRoute({
      method: 'post',
      path: '/v1/consent-events',
      operationId: 'recordConsentEvents',
      summary: 'Record a consent event, or a batch of up to 100 (all or nothing)',
      description:
        `A retried request with the same Idempotency-Key is recorded once and answers with the first result (in a batch, event i uses "<key>:<i>"). A publishable key may record only \`cookies.choice\` events, for one subject per request. Keys are scoped to the API key that sent them. A single \`cookies.choice\` answers with its signed \`receipt\` when a checkpoint key is configured (no inclusion proof yet: \`GET /v1/receipts/{eventId}\` gives one once a checkpoint covers the event). ${TOKEN_ON_WRITES}`,
      tag: 'consent',
      access: { kind: 'key', scope: 'consent:write', publishable: true },
      body: EventsBody,
      selectBody: (value) => (value !== null && typeof value === 'object' && 'events' in value ? ConsentEventBatch : ConsentEventBody),
      responses: {
        201: {
          description: 'recorded (or, for a repeated idempotency key, recorded before)',
          schema: z.union([
            z.object({ event: WrittenEvent, consistencyToken: WriteToken, receipt: CookieChoiceReceipt.optional() }),
            z.object({ events: z.array(WrittenEvent), consistencyToken: WriteToken }),
          ]),
        },
        409: { description: 'the idempotency key was used for a different event, or the shown policy version is materially older' },
      },
      handler: async ({ c, body, principal }) => {
        const header = c.req.header('idempotency-key')
        if (header !== undefined && !IdempotencyKey.safeParse(header).success) {
          throw new HttpProblem(400, 'invalid-input', 'header.idempotency-key: must be 1-200 characters', { errors: [{ field: 'header.idempotency-key', message: 'must be 1-200 characters' }] })
        }
        const batch = 'events' in body
        const events = batch ? body.events : [body]
        if (principal?.kind === 'publishable') {
          const subjects = new Set(events.map((e) => e.subject))
          if (events.some((e) => e.type !== 'cookies.choice') || subjects.size > 1) {
            throw new HttpProblem(403, 'forbidden', 'a publishable key may only record cookies.choice events, for one subject per request')
          }
        }
        // Idempotency keys are scoped to the API key: another key's use of the same value is
        // neither replayed to this caller nor a conflict that would name its event.
        const scope = principal === null ? {} : { caller: principal.keyId }
        if (!batch) {
          const recorded = await sdkCall('body', () => privacy.record(toRecordInput(body, version, header, 'body'), scope))
          const receipt = recorded.type === 'cookies.choice' ? await choiceReceipt(privacy, recorded.id) : undefined
          return c.json({ event: written(recorded), consistencyToken: recorded.consistencyToken, ...(receipt === undefined ? {} : { receipt }) }, 201, tokenHeaders(recorded.consistencyToken))
        }
        const inputs = events.map((event, i) => toRecordInput(event, version, header === undefined ? undefined : `${header}:${i}`, `body.events[${i}]`))
        const recorded = await sdkCall('body', () => privacy.recordMany(inputs, scope))
        const consistencyToken = mergeConsistencyTokens(recorded.map((e) => e.consistencyToken))
        return c.json({ events: recorded.map(written), consistencyToken }, 201, tokenHeaders(consistencyToken))
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/subjects/{subject}/consent',
      operationId: 'getSubjectConsent',
      summary: "A subject's current state, projected from the ledger",
      description: `A subject with no events has the empty state (no consent), the same answer as for one that does not exist. ${TOKEN_ON_READS}`,
      tag: 'consent',
      access: { kind: 'key', scope: 'consent:read' },
      params: SubjectParams,
      responses: { 200: { description: 'the projected state', schema: SubjectState } },
      handler: async ({ c, params }) => {
        const options = readOptions(c)
        const state = await sdkCall('path', () => privacy.state(params.subject, options))
        return c.json({
          subject: params.subject,
          consents: state.consents,
          objections: state.objections,
          restricted: state.restricted,
          age: state.age,
          sms: { status: state.sms.status, optedOut: state.sms.optedOut, changedAt: state.sms.changedAt?.toISOString() ?? null },
        })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/subjects/{subject}/events',
      operationId: 'getSubjectEvents',
      summary: "A subject's ledger events in chain order (phone numbers masked)",
      tag: 'consent',
      access: { kind: 'key', scope: 'consent:read' },
      params: SubjectParams,
      responses: { 200: { description: 'the events', schema: z.object({ subject: z.string(), events: z.array(EventView) }) } },
      handler: async ({ c, params }) => {
        const events = await sdkCall('path', () => privacy.history(params.subject))
        return c.json({ subject: params.subject, events: events.map(eventView) })
      },
    }),
  ]
}
