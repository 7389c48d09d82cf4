import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { samplePolicy } from '../test/sample-policy.js'
import { decide } from './decide.js'
import { DecisionReason, type Decision, type DecisionRequest } from './decision.js'
import type { Policy } from './policy.js'
import { EMPTY_SUBJECT_STATE, SubjectState } from './subject-state.js'

type Request = DecisionRequest<typeof samplePolicy>
const state = (input: Partial<SubjectState> = {}): SubjectState => SubjectState.parse(input)

// One row per path through decide(): state, request, expected decision.
const table: [string, SubjectState, DecisionRequest, Decision][] = [
  ['an undeclared purpose', EMPTY_SUBJECT_STATE, { purpose: 'marketing', category: 'identifiers' }, { allowed: false, reason: 'unknown_purpose', basis: null }],
  ['an undeclared purpose and category', EMPTY_SUBJECT_STATE, { purpose: 'marketing', category: 'salaries' }, { allowed: false, reason: 'unknown_purpose', basis: null }],
  ['an undeclared category', EMPTY_SUBJECT_STATE, { purpose: 'service', category: 'salaries' }, { allowed: false, reason: 'unknown_category', basis: 'contract' }],
  ['a category the purpose may not use', EMPTY_SUBJECT_STATE, { purpose: 'service', category: 'billing' }, { allowed: false, reason: 'category_not_allowed_for_purpose', basis: 'contract' }],
  ['contract', EMPTY_SUBJECT_STATE, { purpose: 'service', category: 'identifiers' }, { allowed: true, reason: 'allowed_contract', basis: 'contract' }],
  ['consent never given', EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data' }, { allowed: false, reason: 'consent_missing', basis: 'consent' }],
  ['consent given for another purpose', state({ consents: { sms: 'granted' } }), { purpose: 'analytics', category: 'usage_data' }, { allowed: false, reason: 'consent_missing', basis: 'consent' }],
  ['consent given', state({ consents: { analytics: 'granted' } }), { purpose: 'analytics', category: 'usage_data' }, { allowed: true, reason: 'allowed_consent', basis: 'consent' }],
  ['consent withdrawn', state({ consents: { analytics: 'withdrawn' } }), { purpose: 'analytics', category: 'usage_data' }, { allowed: false, reason: 'consent_withdrawn', basis: 'consent' }],
  ['legitimate interest', EMPTY_SUBJECT_STATE, { purpose: 'security', category: 'usage_data' }, { allowed: true, reason: 'allowed_legitimate_interest', basis: 'legitimate_interest' }],
  ['an objection to an objectable purpose', state({ objections: ['security'] }), { purpose: 'security', category: 'usage_data' }, { allowed: false, reason: 'objected', basis: 'legitimate_interest' }],
  ['an objection to a purpose that is not objectable', state({ objections: ['fraud'] }), { purpose: 'fraud', category: 'usage_data' }, { allowed: true, reason: 'allowed_legitimate_interest', basis: 'legitimate_interest' }],
  ['an objection to a contract purpose', state({ objections: ['service'] }), { purpose: 'service', category: 'identifiers' }, { allowed: true, reason: 'allowed_contract', basis: 'contract' }],
  ['legal obligation', EMPTY_SUBJECT_STATE, { purpose: 'accounting', category: 'billing' }, { allowed: true, reason: 'allowed_legal_obligation', basis: 'legal_obligation' }],
  ['restricted', state({ restricted: true }), { purpose: 'service', category: 'identifiers' }, { allowed: false, reason: 'restricted', basis: 'contract' }],
  ['restricted, consent given', state({ restricted: true, consents: { analytics: 'granted' } }), { purpose: 'analytics', category: 'usage_data' }, { allowed: false, reason: 'restricted', basis: 'consent' }],
  ['restricted, storing only', state({ restricted: true }), { purpose: 'service', category: 'identifiers', operation: 'store' }, { allowed: true, reason: 'allowed_contract', basis: 'contract' }],
  ['restricted, storing needs the basis still', state({ restricted: true }), { purpose: 'analytics', category: 'usage_data', operation: 'store' }, { allowed: false, reason: 'consent_missing', basis: 'consent' }],
  ['restricted, legal obligation', state({ restricted: true }), { purpose: 'accounting', category: 'billing' }, { allowed: true, reason: 'allowed_legal_obligation', basis: 'legal_obligation' }],
  ['under the minimum age', state({ age: 'below_minimum', consents: { analytics: 'granted' } }), { purpose: 'analytics', category: 'usage_data' }, { allowed: false, reason: 'under_minimum_age', basis: 'consent' }],
  ['under the minimum age, contract', state({ age: 'below_minimum' }), { purpose: 'service', category: 'identifiers' }, { allowed: false, reason: 'under_minimum_age', basis: 'contract' }],
  ['under the minimum age, legal obligation', state({ age: 'below_minimum', restricted: true }), { purpose: 'accounting', category: 'identifiers' }, { allowed: true, reason: 'allowed_legal_obligation', basis: 'legal_obligation' }],
  ['age attested', state({ age: 'at_or_above_minimum', consents: { sms: 'granted' } }), { purpose: 'sms', category: 'identifiers' }, { allowed: true, reason: 'allowed_consent', basis: 'consent' }],
]

describe('decide(): the reason table', () => {
  test.each(table)('%s', (_, subject, request, expected) => {
    expect(decide(samplePolicy as Policy, subject, request)).toEqual(expected)
  })

  test('every reason is reachable', () => {
    const reached = new Set(table.map(([, subject, request]) => decide(samplePolicy as Policy, subject, request).reason))
    expect([...reached].sort()).toEqual(Object.values(DecisionReason).sort())
  })

  test('restriction comes before objection and consent; age before restriction', () => {
    const everything = state({ age: 'below_minimum', restricted: true, objections: ['security'] })
    expect(decide(samplePolicy, everything, { purpose: 'security', category: 'usage_data' }).reason).toBe('under_minimum_age')
    expect(decide(samplePolicy, { ...everything, age: 'unknown' }, { purpose: 'security', category: 'usage_data' }).reason).toBe('restricted')
  })
})

describe('decide(): deny by default', () => {
  const purposes = samplePolicy.purposes.map((p) => p.id)
  const categories = samplePolicy.dataCategories.map((c) => c.id)
  const subject = fc.record({
    consents: fc.dictionary(fc.constantFrom(...purposes, 'other'), fc.constantFrom('granted' as const, 'withdrawn' as const)),
    objections: fc.array(fc.constantFrom(...purposes)),
    restricted: fc.boolean(),
    age: fc.constantFrom('unknown' as const, 'at_or_above_minimum' as const, 'below_minimum' as const),
  })

  test('an undeclared purpose or category is never allowed', () => {
    fc.assert(
      fc.property(subject, fc.string(), fc.string(), (s, purpose, category) => {
        const declared = purposes.includes(purpose as never) && categories.includes(category as never)
        fc.pre(!declared)
        expect(decide(samplePolicy as Policy, s, { purpose, category }).allowed).toBe(false)
      }),
    )
  })

  test('an allowed decision always has its reason: basis, consent, no objection, no restriction, age', () => {
    fc.assert(
      fc.property(subject, fc.constantFrom(...purposes), fc.constantFrom(...categories), fc.boolean(), (s, purpose, category, store) => {
        const request: Request = store ? { purpose, category, operation: 'store' } : { purpose, category }
        const decision = decide(samplePolicy, s, request)
        expect(decision.allowed).toBe(decision.reason.startsWith('allowed_'))
        if (!decision.allowed) return
        const p = samplePolicy.purposes.find((x) => x.id === purpose)!
        expect(decision.reason).toBe(`allowed_${p.basis}`)
        expect(p.categories).toContain(category)
        if (p.basis === 'legal_obligation') return
        expect(s.age).not.toBe('below_minimum')
        if (!store) expect(s.restricted).toBe(false)
        if (p.objectable) expect(s.objections).not.toContain(purpose)
        if (p.basis === 'consent') expect(s.consents[purpose]).toBe('granted')
      }),
      { numRuns: 500 },
    )
  })

  test('a policy edited after the first decision is not read from a stale index when it is a new object', () => {
    const narrowed = { ...samplePolicy, purposes: samplePolicy.purposes.filter((p) => p.id !== 'service') }
    expect(decide(samplePolicy, EMPTY_SUBJECT_STATE, { purpose: 'service', category: 'identifiers' }).allowed).toBe(true)
    expect(decide(narrowed as Policy, EMPTY_SUBJECT_STATE, { purpose: 'service', category: 'identifiers' }).reason).toBe('unknown_purpose')
  })
})
