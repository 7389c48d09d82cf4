import type { LegalBasis, Purpose } from './model/purpose.js'
import type { DataCategoryId, Policy, PurposeId } from './policy.js'
import type { SubjectState } from './subject-state.js'

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

interface PolicyIndex {
  purposes: Map<string, Purpose>
  categories: Set<string>
  purposeCategories: Map<string, Set<string>>
}

const indexes = new WeakMap<Policy, PolicyIndex>()

function indexOf(policy: Policy): PolicyIndex {
  let index = indexes.get(policy)
  if (!index) {
    index = {
      purposes: new Map(policy.purposes.map((p) => [p.id, p])),
      categories: new Set(policy.dataCategories.map((c) => c.id)),
      purposeCategories: new Map(policy.purposes.map((p) => [p.id, new Set(p.categories)])),
    }
    indexes.set(policy, index)
  }
  return index
}

const deny = (reason: DecisionReason, basis: LegalBasis | null): Decision => ({ allowed: false, reason, basis })
const ALLOWED: Record<LegalBasis, DecisionReason> = {
  contract: 'allowed_contract',
  consent: 'allowed_consent',
  legitimate_interest: 'allowed_legitimate_interest',
  legal_obligation: 'allowed_legal_obligation',
}

/**
 * The one decision every Onmion service makes: may category C be processed for purpose P for
 * this subject? Pure, deny by default, and shared by the server and the browser.
 *
 * The checks, in order (the first that fails decides):
 * 1. the purpose and the category are declared, and the purpose may use the category;
 * 2. a subject known to be under the policy's minimum age: only legal obligations;
 * 3. a restricted subject (Art. 18): only storage and legal obligations;
 * 4. an objection to the purpose denies it (objections apply to objectable purposes);
 * 5. a consent-based purpose needs a standing grant;
 * 6. contract, legitimate interest and legal obligation allow.
 *
 * @example
 * decide(onmionPolicy, state, { purpose: 'transactional_sms', category: 'identifiers' })
 * // { allowed: false, reason: 'consent_missing', basis: 'consent' }
 */
export function decide<P extends Policy>(policy: P, state: SubjectState, request: DecisionRequest<P>): Decision {
  const index = indexOf(policy)
  const purpose = index.purposes.get(request.purpose)
  if (!purpose) return deny('unknown_purpose', null)
  if (!index.categories.has(request.category)) return deny('unknown_category', purpose.basis)
  if (!index.purposeCategories.get(purpose.id)?.has(request.category)) return deny('category_not_allowed_for_purpose', purpose.basis)

  const legalObligation = purpose.basis === 'legal_obligation'
  if (state.age === 'below_minimum' && !legalObligation) return deny('under_minimum_age', purpose.basis)
  if (state.restricted && !legalObligation && request.operation !== 'store') return deny('restricted', purpose.basis)
  if (purpose.objectable && state.objections.includes(purpose.id)) return deny('objected', purpose.basis)
  if (purpose.basis === 'consent') {
    const consent = state.consents[purpose.id]
    if (consent === 'withdrawn') return deny('consent_withdrawn', purpose.basis)
    if (consent !== 'granted') return deny('consent_missing', purpose.basis)
  }
  return { allowed: true, reason: ALLOWED[purpose.basis], basis: purpose.basis }
}
