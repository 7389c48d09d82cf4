import { onmionPolicy } from '@onmion/privacy-policy'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ProcessingDeniedError, createPrivacy, isPrivacyError, type Privacy } from '../src/index.js'
import { describeBackends } from './backends.js'

describeBackends('check, assert and canShare', (openBackend) => {
  let privacy: Privacy<typeof onmionPolicy>
  beforeAll(async () => {
    privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database })
  })
  afterAll(() => privacy.close())

  it('answers from the subject state with the policy decision', async () => {
    const q = { subject: 'u_c1', category: 'usage_data' } as const
    expect(await privacy.check({ ...q, purpose: 'service_delivery' })).toEqual({ allowed: true, reason: 'allowed_contract', basis: 'contract' })
    expect(await privacy.check({ ...q, purpose: 'transactional_sms' })).toEqual({ allowed: false, reason: 'category_not_allowed_for_purpose', basis: 'consent' })
    expect(await privacy.check({ ...q, purpose: 'security_monitoring' })).toEqual({ allowed: true, reason: 'allowed_legitimate_interest', basis: 'legitimate_interest' })
    await privacy.record({ subject: 'u_c1', type: 'objection.recorded', purpose: 'security_monitoring', method: 'web_form' })
    expect(await privacy.check({ ...q, purpose: 'security_monitoring' })).toMatchObject({ allowed: false, reason: 'objected' })

    await privacy.record({ subject: 'u_c1', type: 'restriction.set', method: 'rights_request' })
    expect((await privacy.check({ ...q, purpose: 'analytics' })).reason).toBe('restricted')
    expect((await privacy.check({ ...q, purpose: 'legal_compliance' })).allowed).toBe(true)

    await privacy.record({ subject: 'u_c2', type: 'age.attested', status: 'below_minimum', method: 'signup' })
    expect((await privacy.check({ subject: 'u_c2', purpose: 'service_delivery', category: 'identifiers' })).reason).toBe('under_minimum_age')
  })

  it('denies a purpose or category the policy does not declare (reached around the types)', async () => {
    expect(await privacy.check({ subject: 'u_c3', purpose: 'marketing' as never, category: 'identifiers' })).toEqual({ allowed: false, reason: 'unknown_purpose', basis: null })
    expect(await privacy.check({ subject: 'u_c3', purpose: 'service_delivery', category: 'biometrics' as never })).toMatchObject({ allowed: false, reason: 'unknown_category' })
    await expect(privacy.check({ subject: 'u_c3', purpose: 'service_delivery', category: 'identifiers', operation: 'sell' as never })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'operation',
    })
    await expect(privacy.check(null as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('assert() throws ProcessingDeniedError with the reason, and passes when allowed', async () => {
    const q = { subject: 'u_c4', purpose: 'transactional_sms', category: 'identifiers' } as const
    const error = await privacy.assert(q).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProcessingDeniedError)
    expect(error).toMatchObject({ name: 'ProcessingDeniedError', code: 'PROCESSING_DENIED', reason: 'consent_missing' })
    expect(isPrivacyError(error)).toBe(true)
    await privacy.record({ subject: 'u_c4', type: 'consent.granted', purpose: 'transactional_sms', method: 'signed_form' })
    await expect(privacy.assert(q)).resolves.toMatchObject({ allowed: true, reason: 'allowed_consent' })
  })

  it('canShare: a sale is always refused, the employer gets work-order data only', () => {
    expect(privacy.canShare({ recipient: 'employer', category: 'work_order_data', purpose: 'service_delivery' })).toEqual({
      allowed: true,
      reason: 'allowed',
      scope: 'Work-order status and performance metrics only.',
    })
    for (const category of ['identifiers', 'usage_data', 'in_app_content', 'cookie_data'] as const) {
      expect(privacy.canShare({ recipient: 'employer', category, purpose: 'service_delivery' })).toMatchObject({ allowed: false, reason: 'category_not_allowed_for_recipient' })
    }
    expect(privacy.canShare({ recipient: 'sms_delivery', category: 'identifiers', purpose: 'transactional_sms', sale: true })).toMatchObject({ allowed: false, reason: 'sale_prohibited' })
    expect(privacy.canShare({ recipient: 'employer', category: 'work_order_data', purpose: 'service_delivery', sale: true }).reason).toBe('sale_prohibited')
    expect(privacy.canShare({ recipient: 'data_broker' as never, category: 'identifiers', purpose: 'analytics' }).reason).toBe('unknown_recipient')
    expect(() => privacy.canShare({ recipient: 'employer', category: 'work_order_data' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'purpose' }))
  })
})
