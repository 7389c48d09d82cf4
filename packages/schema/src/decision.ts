/**
 * What a decision is made of: the request, the answer and every reason it can give. Shared by
 * `decide()`, the rules it compiles (`decision-rules.ts`) and its table (`decision-table.ts`),
 * so none of them imports another for its types.
 */
import type { LegalBasis } from './model/purpose.js'
import type { DataCategoryId, Policy, PurposeId } from './policy.js'

/**
 * Every reason a decision can give. `allowed_*` reasons allow; every other reason denies.
 *
 * @example if (decision.reason === DecisionReason.consent_missing) askForConsent()
 */
export const DecisionReason = {
  allowed_contract: 'allowed_contract',
  allowed_consent: 'allowed_consent',
  allowed_legitimate_interest: 'allowed_legitimate_interest',
  allowed_legal_obligation: 'allowed_legal_obligation',
  consent_missing: 'consent_missing',
  consent_withdrawn: 'consent_withdrawn',
  objected: 'objected',
  restricted: 'restricted',
  under_minimum_age: 'under_minimum_age',
  category_not_allowed_for_purpose: 'category_not_allowed_for_purpose',
  unknown_purpose: 'unknown_purpose',
  unknown_category: 'unknown_category',
} as const
export type DecisionReason = (typeof DecisionReason)[keyof typeof DecisionReason]

/**
 * What is asked: may `category` be processed for `purpose`? `operation: 'store'` asks only to
 * keep the data (allowed under a restriction); the default `process` is everything else.
 *
 * @example const request: DecisionRequest<typeof onmionPolicy> = { purpose: 'analytics', category: 'usage_data' }
 */
export interface DecisionRequest<P extends Policy = Policy> {
  purpose: PurposeId<P>
  category: DataCategoryId<P>
  operation?: 'process' | 'store'
}

/**
 * The answer: allowed or not, why, and the legal basis relied on (null for unknown purposes).
 *
 * @example const { allowed, reason, basis }: Decision = decide(policy, state, request)
 */
export interface Decision {
  readonly allowed: boolean
  readonly reason: DecisionReason
  readonly basis: LegalBasis | null
}
