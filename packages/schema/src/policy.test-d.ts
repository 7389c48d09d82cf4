import { expectTypeOf, test } from 'vitest'
import { samplePolicy, type SamplePolicy } from '../test/sample-policy.js'
import { decide } from './decide.js'
import { definePolicy, type CookieCategoryId, type DataCategoryId, type Policy, type PurposeId, type RecipientId, type RetentionRuleId, type RightId } from './policy.js'
import { decideSharing } from './sharing.js'
import { EMPTY_SUBJECT_STATE } from './subject-state.js'

const [service] = samplePolicy.purposes
const [employer] = samplePolicy.recipients
const [necessary] = samplePolicy.cookies.categories
const [session] = samplePolicy.cookies.declared
const [identifiers] = samplePolicy.dataCategories

test('the id helpers are unions of the declared ids', () => {
  expectTypeOf<PurposeId<SamplePolicy>>().toEqualTypeOf<'service' | 'sms' | 'analytics' | 'security' | 'fraud' | 'accounting'>()
  expectTypeOf<DataCategoryId<SamplePolicy>>().toEqualTypeOf<'identifiers' | 'usage_data' | 'billing'>()
  expectTypeOf<RecipientId<SamplePolicy>>().toEqualTypeOf<'sms_provider' | 'employer' | 'tax_office'>()
  expectTypeOf<CookieCategoryId<SamplePolicy>>().toEqualTypeOf<'necessary' | 'stats'>()
  expectTypeOf<RetentionRuleId<SamplePolicy>>().toEqualTypeOf<'account' | 'logs' | 'accounting' | 'opt_outs'>()
  expectTypeOf<RightId<SamplePolicy>>().toEqualTypeOf<'access' | 'rectification' | 'erasure' | 'restriction' | 'objection' | 'portability'>()
  expectTypeOf(samplePolicy.channels.sms.purpose).toEqualTypeOf<PurposeId<SamplePolicy>>()
  // An untyped policy (from parsePolicy) takes any string: the run-time check denies unknown ids.
  expectTypeOf<PurposeId>().toEqualTypeOf<string>()
  expectTypeOf(samplePolicy).toExtend<Policy>()
})

test('definePolicy: every reference must name a declared id', () => {
  definePolicy({ ...samplePolicy })
  // @ts-expect-error 'usage_data2' is not a declared data category
  definePolicy({ ...samplePolicy, purposes: [{ ...service!, categories: ['identifiers', 'usage_data2'] }] })
  // @ts-expect-error 'forever' is not a declared retention rule
  definePolicy({ ...samplePolicy, dataCategories: [{ ...identifiers!, retention: 'forever' }] })
  // @ts-expect-error 'salaries' is not a declared data category
  definePolicy({ ...samplePolicy, recipients: [{ ...employer!, categories: ['salaries'] }] })
  // @ts-expect-error 'marketing' is not a declared purpose
  definePolicy({ ...samplePolicy, recipients: [{ ...employer!, purposes: ['marketing'] }] })
  // @ts-expect-error 'ads' is not a declared purpose
  definePolicy({ ...samplePolicy, cookies: { ...samplePolicy.cookies, categories: [{ ...necessary!, purposes: ['ads'] }] } })
  // @ts-expect-error 'marketing' is not a declared cookie category
  definePolicy({ ...samplePolicy, cookies: { ...samplePolicy.cookies, declared: [{ ...session!, category: 'marketing' }] } })
  definePolicy({
    ...samplePolicy,
    // @ts-expect-error 'ads' is not a declared cookie category
    signals: { ...samplePolicy.signals, globalPrivacyControl: { ...samplePolicy.signals.globalPrivacyControl, refuses: ['ads'] } },
  })
  // @ts-expect-error 'texts' is not a declared purpose
  definePolicy({ ...samplePolicy, channels: { ...samplePolicy.channels, sms: { ...samplePolicy.channels.sms, purpose: 'texts' } } })
  // @ts-expect-error 'twilio' is not a declared recipient
  definePolicy({ ...samplePolicy, channels: { ...samplePolicy.channels, sms: { ...samplePolicy.channels.sms, provider: 'twilio' } } })
  // @ts-expect-error 'newsletter' is not a declared purpose
  definePolicy({ ...samplePolicy, channels: { ...samplePolicy.channels, email: { ...samplePolicy.channels.email, purpose: 'newsletter' } } })
})

test('decide and decideSharing accept only declared ids', () => {
  decide(samplePolicy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data' })
  // @ts-expect-error 'marketing' is not a declared purpose
  decide(samplePolicy, EMPTY_SUBJECT_STATE, { purpose: 'marketing', category: 'usage_data' })
  // @ts-expect-error 'usage_data2' is not a declared category
  decide(samplePolicy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data2' })
  // @ts-expect-error 'delete' is not an operation
  decide(samplePolicy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data', operation: 'delete' })

  decideSharing(samplePolicy, { recipient: 'employer', category: 'usage_data', purpose: 'service' })
  // @ts-expect-error 'data_broker' is not a declared recipient
  decideSharing(samplePolicy, { recipient: 'data_broker', category: 'usage_data', purpose: 'service' })
  // @ts-expect-error 'salaries' is not a declared category
  decideSharing(samplePolicy, { recipient: 'employer', category: 'salaries', purpose: 'service' })
  // @ts-expect-error 'marketing' is not a declared purpose
  decideSharing(samplePolicy, { recipient: 'employer', category: 'usage_data', purpose: 'marketing' })
})
