import { onmionPolicy } from '@onmion/privacy-policy'
import { describe, expect, it } from 'vitest'
import { EXPORT_FORMAT, buildExportBundle } from './bundle.js'

describe('buildExportBundle', () => {
  const bundle = buildExportBundle(onmionPolicy, 'u_42', new Date('2026-05-01T00:00:00Z'), [
    { id: 'crm', categories: ['identifiers', 'work_order_data'], recordKinds: [{ kind: 'invoice', rule: 'accounting_records' }], records: [{ name: 'Ada' }, { invoice: 7 }] },
    { id: 'ledger', categories: ['identifiers'], recordKinds: [{ kind: 'sms.opted_out', rule: 'sms_opt_out_logs' }], records: [] },
  ])

  it('states subject, policy version, time and format', () => {
    expect(bundle.format).toBe(EXPORT_FORMAT)
    expect(bundle.manifest).toMatchObject({ subject: 'u_42', policyVersion: onmionPolicy.meta.version, generatedAt: '2026-05-01T00:00:00.000Z' })
  })

  it('lists each source with its categories, record count and record kinds with their rule', () => {
    expect(bundle.manifest.sources).toEqual([
      {
        id: 'crm',
        categories: ['identifiers', 'work_order_data'],
        records: 2,
        recordKinds: [{ kind: 'invoice', retention: { rule: 'accounting_records', name: 'Accounting records', kind: 'fixed', duration: 'P7Y', minimum: 'P7Y' } }],
      },
      {
        id: 'ledger',
        categories: ['identifiers'],
        records: 0,
        recordKinds: [{ kind: 'sms.opted_out', retention: { rule: 'sms_opt_out_logs', name: 'SMS opt-out logs', kind: 'minimum', duration: 'P6Y', minimum: 'P5Y' } }],
      },
    ])
    expect(bundle.records).toEqual({ crm: [{ name: 'Ada' }, { invoice: 7 }], ledger: [] })
  })

  it('gives each category the purposes it serves, the recipients that may have received it and its rule', () => {
    expect(bundle.manifest.categories.map((c) => c.id)).toEqual(['identifiers', 'work_order_data'])
    const workOrders = bundle.manifest.categories.find((c) => c.id === 'work_order_data')!
    expect(workOrders.purposes.map((p) => p.id)).toEqual(['service_delivery', 'transactional_sms', 'transactional_email', 'customer_support', 'legal_compliance'])
    expect(workOrders.recipients.map((r) => r.id)).toContain('employer')
    expect(workOrders.recipients.map((r) => r.id)).not.toContain('analytics_provider')
    expect(workOrders.retention.rule).toBe('work_order_records')
  })

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle)
  })
})
