import type { Policy } from './policy.js'
import type { SubjectState } from './subject-state.js'
import type { Decision, DecisionRequest } from './decision.js'
import { BELOW_MINIMUM_AGE, CONSENT_GRANTED, CONSENT_WITHDRAWN, OBJECTED, RESTRICTED, decisionTable, undeclared, type CompiledSubjectState, type DecisionCell } from './decision-table.js'

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
 * The policy is compiled once (on its first decision) into a table per purpose and category
 * holding every answer for every situation a subject can be in, so a decision is two lookups
 * and an index: the answers are those of the rules above (`decideByRules`), computed once.
 * `state` may be a {@link CompiledSubjectState} (`compileSubjectState`): what a caller that
 * asks many questions about one state (a server's cache) passes to skip reading it each time.
 *
 * @example
 * decide(onmionPolicy, state, { purpose: 'transactional_sms', category: 'identifiers' })
 * // { allowed: false, reason: 'consent_missing', basis: 'consent' }
 */
export function decide<P extends Policy>(policy: P, state: SubjectState | CompiledSubjectState, request: DecisionRequest<P>): Decision {
  const cell = decisionTable(policy).get(request.purpose)?.get(request.category)
  if (cell === undefined) return undeclared(policy, request)
  const situation = 'situations' in state ? compiledSituation(policy, state, cell) : plainSituation(state, cell)
  // Every situation 0..23 has its answer; the fallback (a deny) is never taken.
  return cell.answers[state.restricted && request.operation !== 'store' ? situation | RESTRICTED : situation] ?? undeclared(policy, request)
}

function compiledSituation(policy: Policy, state: CompiledSubjectState, cell: DecisionCell): number {
  if (state.policy !== policy) throw new TypeError('decide(): the state was compiled for another policy; compile it with this one')
  return state.situations[cell.index] ?? 0
}

function plainSituation(state: SubjectState, cell: DecisionCell): number {
  let situation = state.age === 'below_minimum' ? BELOW_MINIMUM_AGE : 0
  if (cell.objectable && state.objections.includes(cell.purpose)) situation |= OBJECTED
  // Own keys only: a purpose id never reads what an object inherits.
  if (cell.consentBased && Object.hasOwn(state.consents, cell.purpose)) {
    const consent = state.consents[cell.purpose]
    if (consent === 'granted') situation |= CONSENT_GRANTED
    else if (consent === 'withdrawn') situation |= CONSENT_WITHDRAWN
  }
  return situation
}
