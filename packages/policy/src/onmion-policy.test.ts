import { readFileSync } from 'node:fs'
import { decide, decideSharing, diffPolicies, EMPTY_SUBJECT_STATE, parsePolicy, policyJsonSchema, PolicyValidationError, SubjectState } from '@onmion/privacy-schema'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { cookieCategories, onmionPolicy, policyVersion } from './index.js'

const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(onmionPolicy)) as Record<string, unknown>

test('the policy version is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  expect(policyVersion).toBe(pkg.version)
})

test('cookieCategories are the policy’s', () => {
  expect(cookieCategories.map((c) => c.id)).toEqual(['strictly_necessary', 'preferences', 'analytics'])
})

describe('decisions under Onmion’s policy', () => {
  test('transactional SMS needs consent; an opt-out withdraws it', () => {
    const request = { purpose: 'transactional_sms', category: 'identifiers' } as const
    expect(decide(onmionPolicy, EMPTY_SUBJECT_STATE, request)).toEqual({ allowed: false, reason: 'consent_missing', basis: 'consent' })
    expect(decide(onmionPolicy, SubjectState.parse({ consents: { transactional_sms: 'granted' } }), request).reason).toBe('allowed_consent')
    expect(decide(onmionPolicy, SubjectState.parse({ consents: { transactional_sms: 'withdrawn' } }), request).reason).toBe('consent_withdrawn')
  })

  test('transactional email rests on the contract', () => {
    expect(decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'transactional_email', category: 'identifiers' }).reason).toBe('allowed_contract')
  })

  test('analytics needs consent; debugging and fraud prevention yield to an objection', () => {
    expect(decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data' }).reason).toBe('consent_missing')
    const objected = SubjectState.parse({ objections: ['debugging_fraud_prevention'] })
    expect(decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'debugging_fraud_prevention', category: 'usage_data' }).reason).toBe('allowed_legitimate_interest')
    expect(decide(onmionPolicy, objected, { purpose: 'debugging_fraud_prevention', category: 'usage_data' }).reason).toBe('objected')
  })

  test('analytics may not use in-app content', () => {
    const granted = SubjectState.parse({ consents: { analytics: 'granted' } })
    expect(decide(onmionPolicy, granted, { purpose: 'analytics', category: 'in_app_content' }).reason).toBe('category_not_allowed_for_purpose')
  })
})

describe('sharing under Onmion’s policy', () => {
  const recipients = onmionPolicy.recipients.map((r) => r.id)
  const categories = onmionPolicy.dataCategories.map((c) => c.id)
  const purposes = onmionPolicy.purposes.map((p) => p.id)

  test('a sale is refused always', () => {
    fc.assert(
      fc.property(fc.constantFrom(...recipients), fc.constantFrom(...categories), fc.constantFrom(...purposes), (recipient, category, purpose) => {
        expect(decideSharing(onmionPolicy, { recipient, category, purpose, sale: true })).toEqual({ allowed: false, reason: 'sale_prohibited' })
      }),
    )
  })

  test('the employer receives work-order data only', () => {
    for (const category of categories) {
      const decision = decideSharing(onmionPolicy, { recipient: 'employer', category, purpose: 'service_delivery' })
      expect(decision.allowed, category).toBe(category === 'work_order_data')
    }
  })

  test('Vonage gets SMS data for SMS only', () => {
    expect(decideSharing(onmionPolicy, { recipient: 'sms_delivery', category: 'identifiers', purpose: 'transactional_sms' }).allowed).toBe(true)
    expect(decideSharing(onmionPolicy, { recipient: 'sms_delivery', category: 'identifiers', purpose: 'analytics' }).reason).toBe('purpose_not_allowed_for_recipient')
    expect(decideSharing(onmionPolicy, { recipient: 'sms_delivery', category: 'usage_data', purpose: 'transactional_sms' }).reason).toBe('category_not_allowed_for_recipient')
  })

  // Section 5 as published, written out: who receives which categories, for which purposes.
  const ALL = ['identifiers', 'work_order_data', 'usage_data', 'cookie_data', 'in_app_content']
  const PUBLISHED: Record<string, { categories: string[]; purposes: string[] }> = {
    cloud_hosting: { categories: ALL, purposes: ['service_delivery', 'transactional_sms', 'transactional_email', 'customer_support', 'security_monitoring', 'debugging_fraud_prevention', 'legal_compliance'] },
    sms_delivery: { categories: ['identifiers', 'work_order_data'], purposes: ['transactional_sms'] },
    analytics_provider: { categories: ['usage_data', 'cookie_data'], purposes: ['analytics'] },
    payment_processor: { categories: ['identifiers'], purposes: ['service_delivery'] },
    employer: { categories: ['work_order_data'], purposes: ['service_delivery'] },
    authorities: { categories: ALL, purposes: ['legal_compliance'] },
    business_transfer: { categories: ALL, purposes: ['service_delivery'] },
  }

  test('each recipient receives the published categories for the published purposes, and nothing else', () => {
    expect(recipients).toEqual(Object.keys(PUBLISHED))
    for (const recipient of recipients) {
      const published = PUBLISHED[recipient]!
      for (const category of categories) {
        for (const purpose of purposes) {
          // A purpose discloses only the categories it uses (section 3), so a listed pair is allowed
          // exactly when the purpose uses the category.
          const uses = onmionPolicy.purposes.find((p) => p.id === purpose)!.categories.includes(category)
          const expected = published.categories.includes(category) && published.purposes.includes(purpose) && uses
          expect(decideSharing(onmionPolicy, { recipient, category, purpose }).allowed, `${recipient} ${category} ${purpose}`).toBe(expected)
        }
      }
    }
  })
})

describe('the policy as a JSON document', () => {
  // The package ships the policy as data, typed but not validated at import (so a browser
  // downloads no validator): this test, and the build (scripts/browser-build.ts), are where it
  // is validated. Parsing must change nothing, so every default is written out and the data is
  // exactly what definePolicy would have returned.
  test('the shipped data is valid and already in its parsed form, deeply frozen', () => {
    expect(onmionPolicy).toStrictEqual(parsePolicy(json()))
    const frozen = (value: unknown): boolean =>
      value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(frozen))
    expect(frozen(onmionPolicy)).toBe(true)
  })

  test('parsePolicy gives back the same policy, and the diff with itself is empty', () => {
    const parsed = parsePolicy(JSON.stringify(onmionPolicy))
    expect(parsed).toEqual(onmionPolicy)
    expect(diffPolicies(onmionPolicy, parsed)).toEqual({ changes: [], material: false, bump: 'none' })
  })

  test('its JSON validates against policyJsonSchema()', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats.default(ajv)
    const validate = ajv.compile(policyJsonSchema())
    expect(validate(json()), JSON.stringify(validate.errors)).toBe(true)
    const broken = json()
    delete broken.retention
    expect(validate(broken)).toBe(false)
  })

  test('mutations of it never make parsePolicy throw anything but PolicyValidationError', () => {
    const paths: (string | number)[][] = []
    const walk = (value: unknown, prefix: (string | number)[]): void => {
      if (prefix.length > 0) paths.push(prefix)
      if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, [...prefix, Array.isArray(value) ? Number(key) : key])
      }
    }
    walk(json(), [])
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.oneof(fc.anything(), fc.constantFrom('usage_data2', 'P99999Y', '', 'STOP', '__proto__')), (path, value) => {
        const doc = json()
        const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, doc)
        parent[path[path.length - 1]!] = value
        try {
          parsePolicy(doc)
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyValidationError)
        }
      }),
      { numRuns: 500 },
    )
  })
})
