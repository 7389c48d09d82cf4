import type { Policy } from '@onmion/privacy-schema'
import type { LedgerEvent } from './events.js'
import type { SmsState, SubjectPrivacyState } from './ledger-types.js'

/**
 * The state of a subject with no events.
 *
 * @example
 * projectState(onmionPolicy, []) // equal to EMPTY_PRIVACY_STATE
 */
export const EMPTY_PRIVACY_STATE: SubjectPrivacyState = Object.freeze({
  consents: Object.freeze({}) as SubjectPrivacyState['consents'],
  objections: Object.freeze([]) as unknown as string[],
  restricted: false,
  age: 'unknown',
  sms: Object.freeze({ status: 'unknown', optedOut: false, changedAt: null }),
})

/**
 * The state of a subject whose ledger holds a redaction neither retention nor an erasure could
 * have made (`verify()` reports it as `redaction_unexplained`): the strictest there is, so hiding
 * an event by hand can never widen what `check()` allows. Every consent-based purpose withdrawn,
 * every objectable purpose objected to, processing restricted, SMS opted out.
 *
 * @example
 * lockedState(onmionPolicy).restricted // true
 */
export function lockedState(policy: Policy): SubjectPrivacyState {
  const consents: Record<string, 'withdrawn'> = {}
  for (const purpose of policy.purposes) if (purpose.basis === 'consent') consents[purpose.id] = 'withdrawn'
  consents[policy.channels.sms.purpose] = 'withdrawn'
  return {
    consents,
    objections: policy.purposes.filter((p) => p.objectable).map((p) => p.id),
    restricted: true,
    age: 'unknown',
    sms: { status: 'opted_out', optedOut: true, changedAt: null },
  }
}

/**
 * Folds a subject's events, in chain order, into its current state. Redacted events are
 * skipped: their content is gone, and retention only redacts events that no longer govern
 * (the ledger checks that first: a redaction made by hand gives {@link lockedState}).
 *
 * - consent events set the purpose's consent; an SMS opt-in / opt-out grants / withdraws the
 *   SMS channel's purpose; a cookie choice grants or withdraws each consent-based purpose of
 *   each non-required category it names;
 * - objections add or remove a purpose (`objection.lifted` without a purpose lifts all);
 * - restriction and age attestation set their fields.
 *
 * @example
 * projectState(onmionPolicy, await privacy.history('u_42')).consents.transactional_sms // 'granted'
 */
export function projectState(policy: Policy, events: readonly LedgerEvent[]): SubjectPrivacyState {
  const consents: Record<string, 'granted' | 'withdrawn'> = {}
  const objections = new Set<string>()
  let restricted = false
  let age: SubjectPrivacyState['age'] = 'unknown'
  let sms: SmsState = EMPTY_PRIVACY_STATE.sms
  const consentBased = new Set(policy.purposes.filter((p) => p.basis === 'consent').map((p) => p.id))

  for (const event of events) {
    if (event.redactedAt !== null) continue
    switch (event.type) {
      case 'consent.granted':
        consents[event.purpose] = 'granted'
        break
      case 'consent.withdrawn':
        consents[event.purpose] = 'withdrawn'
        break
      case 'objection.recorded':
        objections.add(event.purpose)
        break
      case 'objection.lifted':
        if (event.purpose === undefined) objections.clear()
        else objections.delete(event.purpose)
        break
      case 'restriction.set':
        restricted = true
        break
      case 'restriction.lifted':
        restricted = false
        break
      case 'age.attested':
        age = event.status
        break
      case 'sms.opted_in':
        consents[policy.channels.sms.purpose] = 'granted'
        sms = { status: 'opted_in', optedOut: false, changedAt: event.occurredAt }
        break
      case 'sms.opted_out':
        consents[policy.channels.sms.purpose] = 'withdrawn'
        sms = { status: 'opted_out', optedOut: true, changedAt: event.occurredAt }
        break
      case 'cookies.choice':
        for (const category of policy.cookies.categories) {
          const granted = (event.choices as Record<string, boolean | undefined>)[category.id]
          if (granted === undefined || category.required) continue
          for (const purpose of category.purposes) if (consentBased.has(purpose)) consents[purpose] = granted ? 'granted' : 'withdrawn'
        }
        break
    }
  }
  return { consents, objections: [...objections], restricted, age, sms }
}
