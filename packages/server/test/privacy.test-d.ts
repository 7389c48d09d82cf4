import type { onmionPolicy } from '@onmion/privacy-policy'
import type { Decision } from '@onmion/privacy-schema'
import { describe, expectTypeOf, it } from 'vitest'
import type { RequestPrivacy } from '../src/hono.js'
import type { createPrivacy, LedgerEvent, RecordInput } from '../src/index.js'

declare const privacy: Awaited<ReturnType<typeof createPrivacy<typeof onmionPolicy>>>

describe('the API is typed by the policy', () => {
  it('accepts declared purposes and categories', () => {
    expectTypeOf(privacy.check({ subject: 'u_42', purpose: 'transactional_sms', category: 'identifiers' })).toEqualTypeOf<Promise<Decision>>()
    expectTypeOf(privacy.record).parameter(0).toEqualTypeOf<RecordInput<typeof onmionPolicy>>()
  })

  it('refuses an undeclared purpose, category, cookie category or recipient at compile time', () => {
    // @ts-expect-error 'marketing' is not a purpose of the policy
    void privacy.check({ subject: 'u_42', purpose: 'marketing', category: 'identifiers' })
    // @ts-expect-error 'biometrics' is not a data category of the policy
    void privacy.assert({ subject: 'u_42', purpose: 'analytics', category: 'biometrics' })
    // @ts-expect-error 'marketing' is not a purpose of the policy
    void privacy.record({ subject: 'u_42', type: 'consent.granted', purpose: 'marketing', method: 'web_form' })
    // @ts-expect-error 'ads' is not a cookie category of the policy
    void privacy.record({ subject: 'u_42', type: 'cookies.choice', choices: { ads: true }, method: 'banner' })
    // @ts-expect-error an event type that does not exist
    void privacy.record({ subject: 'u_42', type: 'consent.revoked', purpose: 'analytics', method: 'web_form' })
    // @ts-expect-error consent events need a purpose
    void privacy.record({ subject: 'u_42', type: 'consent.granted', method: 'web_form' })
    // @ts-expect-error 'data_broker' is not a recipient of the policy
    void privacy.canShare({ recipient: 'data_broker', category: 'identifiers', purpose: 'analytics' })
  })

  it('narrows events by type and redaction', () => {
    const event = {} as LedgerEvent<typeof onmionPolicy>
    if (event.redactedAt === null && event.type === 'consent.granted') expectTypeOf(event.purpose).toEqualTypeOf<'transactional_sms' | 'analytics' | typeof event.purpose>()
    if (event.redactedAt === null && event.type === 'sms.opted_out') expectTypeOf(event.phone).toBeString()
  })

  it('types the request context by the policy', () => {
    const request = {} as RequestPrivacy<typeof onmionPolicy>
    // @ts-expect-error 'marketing' is not a purpose of the policy
    void request.check({ purpose: 'marketing', category: 'usage_data' })
    expectTypeOf(request.cookies).toHaveProperty('analytics')
  })
})
