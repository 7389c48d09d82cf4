import type { Decision, DecisionRequest } from './decision.js'
import { decideByRules } from './decision-rules.js'
import type { Policy } from './policy.js'
import type { SubjectState } from './subject-state.js'

/**
 * A subject's situation as far as one purpose is concerned, as bits: what the rules look at
 * besides the purpose and the category. `decide()` computes it from the state; the table holds
 * the answer for each of the 24 values that can occur.
 */
export const BELOW_MINIMUM_AGE = 1
/** Restricted (Art. 18) and the operation is not `store`. */
export const RESTRICTED = 2
/** An objection to an objectable purpose. */
export const OBJECTED = 4
export const CONSENT_GRANTED = 8
export const CONSENT_WITHDRAWN = 16
/** One past the largest situation: grants and withdrawals never combine. */
const SITUATIONS = 24

/** What a decision for one purpose and one declared category needs: the answer per situation. */
export interface DecisionCell {
  readonly purpose: string
  /** The purpose's position in the policy: its slot in a {@link CompiledSubjectState}. */
  readonly index: number
  /** An objection to the purpose counts (a purpose that is not objectable ignores objections). */
  readonly objectable: boolean
  /** The purpose's basis is consent: the subject's consent for it counts. */
  readonly consentBased: boolean
  /** Indexed by situation; frozen, shared by every decision that gives them. */
  readonly answers: readonly Decision[]
}

/** purpose id -> declared category id -> its cell. */
export type DecisionTable = ReadonlyMap<string, ReadonlyMap<string, DecisionCell>>

/** The state the rules see in `situation` for `purpose` (the inverse of what `decide()` computes). */
function stateOf(situation: number, purpose: string): SubjectState {
  const consent = (situation & CONSENT_GRANTED) !== 0 ? 'granted' : (situation & CONSENT_WITHDRAWN) !== 0 ? 'withdrawn' : undefined
  return {
    age: (situation & BELOW_MINIMUM_AGE) !== 0 ? 'below_minimum' : 'unknown',
    restricted: (situation & RESTRICTED) !== 0,
    objections: (situation & OBJECTED) !== 0 ? [purpose] : [],
    consents: consent === undefined ? {} : { [purpose]: consent },
  }
}

const tables = new WeakMap<Policy, DecisionTable>()

/**
 * The policy compiled into what a decision needs: for each purpose, a map of every declared
 * category to its cell, whose answers are those of {@link decideByRules} for each situation
 * (a category the purpose may not use answers `category_not_allowed_for_purpose` in all of
 * them). Built once per policy object and kept while the policy is.
 *
 * @example
 * decisionTable(onmionPolicy).get('analytics')?.get('usage_data')?.answers[CONSENT_GRANTED] // { allowed: true, reason: 'allowed_consent', ... }
 */
export function decisionTable(policy: Policy): DecisionTable {
  // A process decides under one policy almost always: that one is found without a WeakMap lookup.
  if (policy === lastPolicy && lastTable !== undefined) return lastTable
  let table = tables.get(policy)
  if (table === undefined) {
    const built = new Map<string, Map<string, DecisionCell>>()
    for (const [index, purpose] of policy.purposes.entries()) {
      const cells = new Map<string, DecisionCell>()
      for (const category of policy.dataCategories) {
        const answers: Decision[] = []
        for (let situation = 0; situation < SITUATIONS; situation++) {
          answers.push(Object.freeze(decideByRules(policy, stateOf(situation, purpose.id), { purpose: purpose.id, category: category.id })))
        }
        cells.set(category.id, Object.freeze({ purpose: purpose.id, index, objectable: purpose.objectable, consentBased: purpose.basis === 'consent', answers: Object.freeze(answers) }))
      }
      built.set(purpose.id, cells)
    }
    table = built
    tables.set(policy, table)
  }
  lastPolicy = policy
  lastTable = table
  return table
}

let lastPolicy: Policy | undefined
let lastTable: DecisionTable | undefined

/** The answer for a purpose or category the policy does not declare (deny, by the rules). */
export function undeclared(policy: Policy, request: DecisionRequest): Decision {
  return decideByRules(policy, { consents: {}, objections: [], restricted: false, age: 'unknown' }, request)
}

/**
 * A subject's state compiled for one policy: per purpose (by its position in the policy) the
 * situation bits that do not depend on the operation, and whether processing is restricted.
 * A snapshot: built from the state as it is, it does not follow later changes to that object.
 */
export interface CompiledSubjectState {
  readonly policy: Policy
  readonly situations: Uint8Array
  readonly restricted: boolean
}

/**
 * Compiles `state` for decisions under `policy`: what {@link decide} would read from it, per
 * purpose, in one small array.
 *
 * @example
 * const compiled = compileSubjectState(onmionPolicy, state)
 * decide(onmionPolicy, compiled, { purpose: 'analytics', category: 'usage_data' })
 */
export function compileSubjectState(policy: Policy, state: SubjectState): CompiledSubjectState {
  const situations = new Uint8Array(policy.purposes.length)
  const below = state.age === 'below_minimum' ? BELOW_MINIMUM_AGE : 0
  for (const [index, purpose] of policy.purposes.entries()) {
    let situation = below
    if (purpose.objectable && state.objections.includes(purpose.id)) situation |= OBJECTED
    if (purpose.basis === 'consent' && Object.hasOwn(state.consents, purpose.id)) {
      const consent = state.consents[purpose.id]
      if (consent === 'granted') situation |= CONSENT_GRANTED
      else if (consent === 'withdrawn') situation |= CONSENT_WITHDRAWN
    }
    situations[index] = situation
  }
  return Object.freeze({ policy, situations, restricted: state.restricted })
}
