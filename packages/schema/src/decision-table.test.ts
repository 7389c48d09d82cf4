import { describe, expect, test } from 'vitest'
// Onmion's own policy, read from its package's source (the policy package depends on this one,
// so it cannot be a dependency here): the table must agree with the rules on the real policy too.
import { onmionPolicy } from '../../policy/src/onmion-policy.js'
import { samplePolicy } from '../test/sample-policy.js'
import { decide } from './decide.js'
import type { DecisionRequest } from './decision.js'
import { decideByRules } from './decision-rules.js'
import { compileSubjectState, decisionTable } from './decision-table.js'
import type { Policy } from './policy.js'
import type { SubjectState } from './subject-state.js'

/**
 * Every state that can differ for a decision about `purposes`: each age, restricted or not, and
 * for the purpose asked about and for another one, no consent / granted / withdrawn and objected
 * or not.
 */
function* states(purpose: string, other: string): Generator<SubjectState> {
  const consents = [undefined, 'granted', 'withdrawn'] as const
  for (const age of ['unknown', 'at_or_above_minimum', 'below_minimum'] as const) {
    for (const restricted of [false, true]) {
      for (const mine of consents) {
        for (const theirs of consents) {
          for (const objections of [[], [purpose], [other], [other, purpose]]) {
            const given: Record<string, 'granted' | 'withdrawn'> = {}
            if (theirs !== undefined) given[other] = theirs
            if (mine !== undefined) given[purpose] = mine
            yield { age, restricted, objections, consents: given }
          }
        }
      }
    }
  }
}

/** decide(), on the state and on its compiled form, and the rules agree on every purpose x category x state x operation of `policy`. */
function compareExhaustively(policy: Policy): number {
  const purposes = [...policy.purposes.map((p) => p.id), 'undeclared_purpose']
  const categories = [...policy.dataCategories.map((c) => c.id), 'undeclared_category']
  let compared = 0
  for (const purpose of purposes) {
    const other = purposes.find((p) => p !== purpose) ?? 'other'
    for (const category of categories) {
      for (const state of states(purpose, other)) {
        for (const operation of [undefined, 'process', 'store'] as const) {
          const request: DecisionRequest = { purpose, category, ...(operation === undefined ? {} : { operation }) }
          const expected = decideByRules(policy, state, request)
          for (const actual of [decide(policy, state, request), decide(policy, compileSubjectState(policy, state), request)]) {
            if (actual.allowed !== expected.allowed || actual.reason !== expected.reason || actual.basis !== expected.basis) {
              expect({ request, state, actual }).toEqual({ request, state, actual: expected })
            }
          }
          compared++
        }
      }
    }
  }
  return compared
}

describe('the compiled decision table', () => {
  test('gives exactly the answers of the rules for every purpose, category, state and operation of the policy', () => {
    const compared = compareExhaustively(samplePolicy)
    // (purposes + 1) x (categories + 1) x 216 states x 3 operations
    expect(compared).toBe((samplePolicy.purposes.length + 1) * (samplePolicy.dataCategories.length + 1) * 216 * 3)
  })

  test("gives exactly the answers of the rules on Onmion's own policy", () => {
    const policy = onmionPolicy as unknown as Policy
    expect(compareExhaustively(policy)).toBe((policy.purposes.length + 1) * (policy.dataCategories.length + 1) * 216 * 3)
  })

  test('has a cell for every declared purpose and category, built once per policy', () => {
    const table = decisionTable(samplePolicy)
    expect([...table.keys()]).toEqual(samplePolicy.purposes.map((p) => p.id))
    for (const cells of table.values()) expect([...cells.keys()]).toEqual(samplePolicy.dataCategories.map((c) => c.id))
    expect(decisionTable(samplePolicy as Policy)).toBe(table)
  })

  test('refuses a state compiled for another policy instead of answering from the wrong slots', () => {
    const compiled = compileSubjectState(onmionPolicy, { consents: {}, objections: [], restricted: false, age: 'unknown' })
    expect(() => decide(samplePolicy as Policy, compiled, { purpose: 'service', category: 'identifiers' })).toThrow(/another policy/)
  })

  test('answers with frozen decisions a caller cannot change for the next caller', () => {
    const decision = decide(samplePolicy, { consents: {}, objections: [], restricted: false, age: 'unknown' }, { purpose: 'service', category: 'identifiers' })
    expect(Object.isFrozen(decision)).toBe(true)
  })
})
