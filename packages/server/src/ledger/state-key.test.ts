import { describe, expect, it } from 'vitest'
import { LedgerEventType } from './events.js'
import { cookieCategories, stateFamily, stateKeyOf, supersedes } from './state-key.js'

describe('stateKeyOf', () => {
  it('keys each keyed type by what it is about, and leaves the others keyless', () => {
    expect(stateKeyOf('consent.granted', { purpose: 'analytics' })).toBe('consent:analytics')
    expect(stateKeyOf('consent.withdrawn', { purpose: 'analytics' })).toBe('consent:analytics')
    expect(stateKeyOf('objection.recorded', { purpose: 'security_monitoring' })).toBe('objection:security_monitoring')
    expect(stateKeyOf('objection.lifted', {})).toBe('objection:*')
    expect(stateKeyOf('restriction.lifted', {})).toBe('restriction')
    expect(stateKeyOf('sms.opted_out', {})).toBe('sms')
    expect(stateKeyOf('age.attested', { status: 'below_minimum' })).toBe('age')
    expect(stateKeyOf('cookies.choice', { choices: { preferences: false, analytics: true, a_b: true } })).toBe('cookies:a_b,analytics,preferences')
    expect(stateKeyOf('cookies.choice', { choices: {} })).toBe('cookies:')
    expect(stateKeyOf('notice.announced', { fromVersion: '1.0.0' })).toBeNull()
    expect(stateKeyOf('erasure.applied', { erased: '1' })).toBeNull()
  })

  it('gives every keyed type a family and every family a key prefix', () => {
    for (const type of LedgerEventType.options) {
      const family = stateFamily(type)
      const key = stateKeyOf(type, { purpose: 'analytics', choices: {} })
      expect(family === undefined, type).toBe(key === null)
      if (family !== undefined) expect(key?.split(':')[0], type).toBe(family)
    }
  })
})

describe('supersedes', () => {
  it('is the sweep\'s rule: the same key, a lift of every objection, a choice naming every category', () => {
    expect(supersedes('consent:analytics', 'consent:analytics')).toBe(true)
    expect(supersedes('consent:transactional_sms', 'consent:analytics')).toBe(false)
    expect(supersedes('objection:*', 'objection:analytics')).toBe(true)
    expect(supersedes('objection:analytics', 'objection:*')).toBe(false)
    expect(supersedes('objection:debugging_fraud_prevention', 'objection:security_monitoring')).toBe(false)
    expect(supersedes('objection:*', 'consent:analytics')).toBe(false)
    expect(supersedes('cookies:analytics,preferences,strictly_necessary', 'cookies:analytics,preferences')).toBe(true)
    expect(supersedes('cookies:analytics', 'cookies:analytics,preferences')).toBe(false)
    expect(supersedes('cookies:analytics', 'cookies:')).toBe(true)
    expect(supersedes('consent:analytics', 'cookies:')).toBe(false)
    expect(cookieCategories('cookies:')).toEqual([])
    expect(cookieCategories('sms')).toBeUndefined()
  })
})
