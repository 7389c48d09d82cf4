import type { LegalBasis, Purpose } from './model/purpose.js'
import type { DecisionReason, Decision, DecisionRequest } from './decision.js'
import type { Policy } from './policy.js'
import type { SubjectState } from './subject-state.js'

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
 * The rules of a decision, written out in order (the first that fails decides): the reference
 * that the compiled table of `decide()` is built from and tested against, answer for answer.
 * See `decide()` for the rules.
 *
 * @example
 * decideByRules(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data' }) // consent_missing
 */
export function decideByRules(policy: Policy, state: SubjectState, request: DecisionRequest): Decision {
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
