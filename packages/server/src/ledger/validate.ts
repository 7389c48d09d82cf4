import type { Policy, SubjectId } from '@onmion/privacy-schema'
import { MAX_FUTURE_SKEW_MS, notInFuture } from '../clock.js'
import { invalidField, invalidInput } from '../errors.js'
import { guardInput } from '../input-guard.js'
import { EXTRA_SMS_METHODS, EventInput, type Evidence, type LedgerEventType } from './events.js'

/**
 * The largest evidence object accepted, as canonical JSON text.
 *
 * @example
 * if (JSON.stringify(evidence).length > MAX_EVIDENCE_BYTES) evidence = { ref: storeElsewhere(evidence) }
 */
export const MAX_EVIDENCE_BYTES = 16 * 1024

/**
 * An event input after validation: what the ledger writes.
 *
 * @example
 * const { subject, type, payload, phone } = validateEvent(onmionPolicy, input, new Date())
 */
export interface ValidatedEvent {
  subject: SubjectId
  type: LedgerEventType
  /** The type-specific fields stored in `payload` (identifiers excluded). */
  payload: Record<string, unknown>
  /** The identifier to seal, for SMS events. */
  phone: string | undefined
  method: string
  evidence: Evidence
  occurredAt: Date
  idempotencyKey: string | null
}

/**
 * Validates an event for `policy`: shape (zod), then what the policy allows. Every failure is a
 * PrivacyError INVALID_INPUT naming the field (prefixed with `prefix`, e.g. `events[3]`).
 *
 * - `purpose` must be declared; consent events need a consent-based purpose, objections an
 *   objectable one;
 * - SMS `method` must be one of the policy's enrollment methods, or `keyword` / `reply`;
 * - cookie `choices` may only name declared cookie categories;
 * - `occurredAt` lies in years 0001-9999 and at most {@link MAX_FUTURE_SKEW_MS} after `now`;
 * - no text PostgreSQL cannot store, no reserved key, no nesting past the input limits, anywhere.
 *
 * @example
 * const event = validateEvent(onmionPolicy, input, new Date())
 */
export function validateEvent(policy: Policy, input: unknown, now: Date, prefix = ''): ValidatedEvent {
  guardInput(input, prefix)
  const parsed = EventInput.safeParse(input)
  if (!parsed.success) throw invalidInput(parsed.error, prefix)
  const event = parsed.data
  const at = (field: string): string => (prefix === '' ? field : `${prefix}.${field}`)

  const payload: Record<string, unknown> = {}
  let phone: string | undefined
  switch (event.type) {
    case 'consent.granted':
    case 'consent.withdrawn': {
      const purpose = policy.purposes.find((p) => p.id === event.purpose)
      if (!purpose) throw invalidField(at('purpose'), `"${event.purpose}" is not a purpose declared by the policy`)
      if (purpose.basis !== 'consent') throw invalidField(at('purpose'), `"${event.purpose}" is based on ${purpose.basis}, not consent`)
      payload.purpose = event.purpose
      break
    }
    case 'objection.recorded':
    case 'objection.lifted': {
      if (event.purpose === undefined) break
      const purpose = policy.purposes.find((p) => p.id === event.purpose)
      if (!purpose) throw invalidField(at('purpose'), `"${event.purpose}" is not a purpose declared by the policy`)
      if (!purpose.objectable) throw invalidField(at('purpose'), `"${event.purpose}" is not a purpose the policy lets a subject object to`)
      payload.purpose = event.purpose
      break
    }
    case 'age.attested':
      payload.status = event.status
      break
    case 'sms.opted_in':
    case 'sms.opted_out': {
      const methods = [...policy.channels.sms.enrollmentMethods.map((m) => m.id), ...EXTRA_SMS_METHODS]
      if (!methods.includes(event.method)) throw invalidField(at('method'), `"${event.method}" is not an SMS method of the policy (${methods.join(', ')})`)
      phone = event.phone
      break
    }
    case 'cookies.choice': {
      const declared = new Set(policy.cookies.categories.map((c) => c.id))
      for (const id of Object.keys(event.choices)) {
        if (!declared.has(id)) throw invalidField(at(`choices.${id}`), `"${id}" is not a cookie category declared by the policy`)
      }
      payload.choices = event.choices
      break
    }
    case 'notice.announced':
      payload.fromVersion = event.fromVersion
      payload.toVersion = event.toVersion
      payload.channel = event.channel
      break
    case 'restriction.set':
    case 'restriction.lifted':
      break
  }

  const occurredAt = notInFuture(event.occurredAt === undefined ? undefined : new Date(event.occurredAt), { field: at('occurredAt'), clock: now, toleranceMs: MAX_FUTURE_SKEW_MS })
  const evidence = event.evidence ?? {}
  if (Buffer.byteLength(JSON.stringify(evidence), 'utf8') > MAX_EVIDENCE_BYTES) {
    throw invalidField(at('evidence'), `is larger than ${MAX_EVIDENCE_BYTES} bytes`)
  }
  return {
    subject: event.subject,
    type: event.type,
    payload,
    phone,
    method: event.method,
    evidence,
    occurredAt,
    idempotencyKey: event.idempotencyKey ?? null,
  }
}
