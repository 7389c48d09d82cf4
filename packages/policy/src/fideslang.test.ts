import { FIDESLANG_DEFAULT_KEYS, FideslangExport, toFideslang } from '@onmion/privacy-schema'
import { describe, expect, test } from 'vitest'
import { onmionFideslangMapping } from './fideslang.js'
import { onmionPolicy } from './index.js'

describe('onmionFideslangMapping', () => {
  test('maps every category and purpose to keys of fideslang’s default taxonomy', () => {
    for (const c of onmionPolicy.dataCategories) {
      const keys = onmionFideslangMapping.dataCategories[c.id]
      expect(keys.length, c.id).toBeGreaterThan(0)
      for (const key of keys) expect(FIDESLANG_DEFAULT_KEYS.data_category, `${c.id} -> ${key}`).toContain(key)
    }
    for (const p of onmionPolicy.purposes) expect(FIDESLANG_DEFAULT_KEYS.data_use, p.id).toContain(onmionFideslangMapping.purposes[p.id])
    for (const s of onmionFideslangMapping.dataSubjects) expect(FIDESLANG_DEFAULT_KEYS.data_subject).toContain(s)
  })

  test('the reviewed table: each choice stays as reviewed', () => {
    expect(onmionFideslangMapping.purposes).toEqual({
      service_delivery: 'essential.service',
      transactional_sms: 'essential.service.notifications.sms',
      transactional_email: 'essential.service.notifications.email',
      customer_support: 'essential.service.operations.support',
      security_monitoring: 'essential.service.security',
      analytics: 'analytics.reporting',
      debugging_fraud_prevention: 'essential.fraud_detection',
      legal_compliance: 'essential.legal_obligation',
    })
    expect(Object.fromEntries(Object.entries(onmionFideslangMapping.dataCategories).map(([id, keys]) => [id, keys[0]]))).toEqual({
      identifiers: 'user.contact',
      work_order_data: 'user.workplace',
      usage_data: 'user.device',
      cookie_data: 'user.device',
      in_app_content: 'user.content.private',
    })
  })
})

describe('toFideslang(onmionPolicy)', () => {
  const exported = toFideslang(onmionPolicy, onmionFideslangMapping)

  test('validates against the encoded fideslang model, and survives JSON', () => {
    expect(FideslangExport.parse(JSON.parse(JSON.stringify(exported)))).toEqual(exported)
  })

  test('extends the taxonomy with every category and purpose under its mapped default parent', () => {
    expect(exported.taxonomy.data_category?.map((c) => c.fides_key)).toEqual(onmionPolicy.dataCategories.map((c) => `${onmionFideslangMapping.dataCategories[c.id][0]}.${c.id}`))
    expect(exported.taxonomy.data_use?.find((u) => u.fides_key === 'analytics.reporting.analytics')).toMatchObject({ name: 'Analytics', parent_key: 'analytics.reporting', is_default: false })
  })

  test('one system for the services with a declaration per purpose, one per recipient, with egress to each', () => {
    const [services, ...recipients] = exported.system.system ?? []
    expect(services?.fides_key).toBe('onmion_services')
    expect(services?.privacy_declarations.map((d) => d.data_use)).toEqual(onmionPolicy.purposes.map((p) => `${onmionFideslangMapping.purposes[p.id]}.${p.id}`))
    const analytics = services?.privacy_declarations.find((d) => d.name === 'Analytics')
    expect(analytics).toMatchObject({ legal_basis_for_processing: 'Consent', data_subjects: ['customer', 'employee', 'visitor'], data_shared_with_third_parties: true })
    expect(analytics?.egress).toContain('onmion_services.recipient.analytics_provider')
    expect(recipients.map((r) => r.fides_key)).toEqual(onmionPolicy.recipients.map((r) => `onmion_services.recipient.${r.id}`))
    expect(services?.egress?.map((e) => e.fides_key)).toEqual(recipients.map((r) => r.fides_key))
  })

  test('an unmapped purpose or a non-default key is refused', () => {
    const { analytics: _dropped, ...purposes } = onmionFideslangMapping.purposes
    expect(() => toFideslang(onmionPolicy, { ...onmionFideslangMapping, purposes })).toThrow(/does not map purpose "analytics"/)
    expect(() => toFideslang(onmionPolicy, { ...onmionFideslangMapping, purposes: { ...onmionFideslangMapping.purposes, analytics: 'spying' } })).toThrow(/default data_use/)
    const broken = JSON.parse(JSON.stringify(exported)) as { system: { system: { privacy_declarations: { data_use: string }[] }[] } }
    broken.system.system[0]!.privacy_declarations[0]!.data_use = 'essential.service.unknown_extension'
    expect(FideslangExport.safeParse(broken).success).toBe(false)
  })
})
