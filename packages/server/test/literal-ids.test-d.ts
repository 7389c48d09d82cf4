import type { onmionPolicy } from '@onmion/privacy-policy'
import type { RetentionRuleId, RightId } from '@onmion/privacy-schema'
import { describe, expectTypeOf, it } from 'vitest'
import type { Privacy, RequestChannel, RightsRequest } from '../src/index.js'

declare const privacy: Privacy<typeof onmionPolicy>
type Onmion = typeof onmionPolicy

describe('where the policy has ids, the API has literal types', () => {
  it('types rights requests: right type and channel', () => {
    expectTypeOf(privacy.rights.open).parameter(0).toHaveProperty('type').toEqualTypeOf<RightId<Onmion>>()
    expectTypeOf<RequestChannel>().toEqualTypeOf<'email' | 'web_form' | 'in_app' | 'phone' | 'sms' | 'letter' | 'in_person' | 'other'>()
    expectTypeOf(privacy.rights.get('rr_1')).resolves.toEqualTypeOf<RightsRequest<Onmion>>()
    // @ts-expect-error a misspelled right type is a compile error
    void privacy.rights.open({ subject: 'u_42', type: 'acess', channel: 'email' })
    // @ts-expect-error a misspelled channel is a compile error
    void privacy.rights.open({ subject: 'u_42', type: 'access', channel: 'e-mail' })
    // @ts-expect-error a misspelled right type in a filter is a compile error
    void privacy.rights.list({ type: 'deletion' })
  })

  it("types a subject's state by the policy's purposes", async () => {
    const state = await privacy.state('u_42')
    expectTypeOf(state.consents.analytics).toEqualTypeOf<'granted' | 'withdrawn' | undefined>()
    expectTypeOf(state.objections).toEqualTypeOf<Onmion['purposes'][number]['id'][]>()
    // @ts-expect-error 'marketing' is not a purpose of the policy
    expectTypeOf(state.consents.marketing).toBeString()
  })

  it('types retention plans and sweeps by the rule ids', async () => {
    const plan = await privacy.retention.plan()
    expectTypeOf(plan.rules[0]!.rule).toEqualTypeOf<RetentionRuleId<Onmion>>()
    expectTypeOf(privacy.retention.kinds()[0]!.rules).toEqualTypeOf<readonly RetentionRuleId<Onmion>[]>()
    const report = await privacy.retention.sweep()
    expectTypeOf(report.byKind[0]!.rule).toEqualTypeOf<RetentionRuleId<Onmion>>()
    // @ts-expect-error a misspelled rule id is never a rule of the plan
    expectTypeOf(plan.rules[0]!.rule).toEqualTypeOf<'consent_record'>()
  })

  it("types registered sources by the policy's categories and rules", () => {
    const base = { export: () => [], erase: () => undefined }
    // @ts-expect-error 'shoe_sizes' is not a data category of the policy
    privacy.registerSource({ id: 'crm', categories: ['shoe_sizes'], ...base })
    // @ts-expect-error 'forever' is not a retention rule of the policy
    privacy.registerSource({ id: 'crm', categories: ['identifiers'], records: { note: 'forever' }, ...base })
  })

  it('types SMS send kinds', () => {
    // @ts-expect-error 'marketing' is not a kind of outbound message
    void privacy.sms.canSend('+14155550100', 'marketing')
  })
})
