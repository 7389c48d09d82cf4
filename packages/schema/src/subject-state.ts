import { z } from 'zod'
import { EntityId } from './model/primitives.js'

/**
 * What is known about a subject's age relative to the policy's minimum.
 *
 * @example AgeStatus.parse('below_minimum')
 */
export const AgeStatus = z.enum(['unknown', 'at_or_above_minimum', 'below_minimum'])
export type AgeStatus = z.infer<typeof AgeStatus>

/**
 * A subject's current privacy state: the projection of their ledger events that decisions need.
 * The server builds it from the consent ledger; the browser from the consent cookie.
 *
 * @example const state = SubjectState.parse({ consents: { analytics: 'granted' }, objections: ['debugging_fraud_prevention'] })
 */
export const SubjectState = z.object({
  /** Consent per purpose; a purpose absent here has no consent. */
  consents: z.record(EntityId, z.enum(['granted', 'withdrawn'])).default({}),
  /** Purposes the subject has objected to. */
  objections: z.array(EntityId).default([]),
  /** Processing restricted (GDPR Art. 18): only storage is allowed. */
  restricted: z.boolean().default(false),
  age: AgeStatus.default('unknown'),
})
export type SubjectState = z.infer<typeof SubjectState>

/**
 * The state of a subject nothing is known about: no consent, no objection, no restriction.
 *
 * @example decide(policy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data' }) // consent_missing
 */
export const EMPTY_SUBJECT_STATE: SubjectState = Object.freeze({
  consents: Object.freeze({}) as SubjectState['consents'],
  objections: Object.freeze([]) as unknown as string[],
  restricted: false,
  age: 'unknown',
})
