import { onmionPolicy } from '@onmion/privacy-policy'
import { LEGAL_CLOCKS } from '@onmion/privacy-schema'
import { describe, expect, it } from 'vitest'
import { subtractDuration, sweepCutoff } from './records/cutoff.js'
import { NO_HOLDS, erasureVerdict } from './records/erasure-guard.js'
import { buildExportBundle } from './rights/bundle.js'
import { dueDates } from './rights/deadline.js'

// Onmion's published policy as this SDK enforces it, with the published values written out here
// (not read from the data): a change of the data that changes what POLICY.md promises fails these
// tests, which the policy trace (tooling/policy-trace) links to the statements they prove.

const at = (iso: string) => new Date(iso)
const rule = (id: string) => {
  const found = onmionPolicy.retention.find((r) => r.id === id)
  if (!found) throw new Error(`no retention rule ${id}`)
  return found
}

describe('section 7: how long Onmion keeps records', () => {
  const now = at('2026-06-01T00:00:00Z')

  it.each([
    ['account_lifetime', 'P2Y'],
    ['work_order_records', 'P3Y'],
    ['usage_logs', 'P13M'],
    ['cookie_lifetime', 'P2Y'],
    ['consent_records', 'P5Y'],
    ['rights_requests', 'P3Y'],
  ])('sweeps %s records once they are older than the published %s', (id, published) => {
    expect(sweepCutoff([rule(id)], now, now)).toEqual(subtractDuration(now, published))
  })

  it('keeps SMS opt-out logs at least five years, even against an erasure request', () => {
    const logged = at('2021-06-02T00:00:00Z')
    expect(erasureVerdict([rule('sms_opt_out_logs')], logged, now, now, NO_HOLDS)).toEqual({ erase: false, reason: 'minimum', rule: 'sms_opt_out_logs', until: at('2026-06-02T00:00:00Z') })
    expect(erasureVerdict([rule('sms_opt_out_logs')], at('2021-05-01T00:00:00Z'), now, now, NO_HOLDS)).toEqual({ erase: true })
  })

  it('keeps accounting records seven years, even against an erasure request', () => {
    const booked = at('2019-06-02T00:00:00Z')
    expect(erasureVerdict([rule('accounting_records')], booked, now, now, NO_HOLDS)).toEqual({ erase: false, reason: 'minimum', rule: 'accounting_records', until: at('2026-06-02T00:00:00Z') })
    expect(erasureVerdict([rule('accounting_records')], at('2019-05-01T00:00:00Z'), now, now, NO_HOLDS)).toEqual({ erase: true })
  })
})

describe('section 2: each category is kept under the rule the policy names', () => {
  it('files every category under its published rule in an access export', () => {
    const categories = onmionPolicy.dataCategories.map((c) => c.id)
    const bundle = buildExportBundle(onmionPolicy, 'u_42', at('2026-06-01T00:00:00Z'), [{ id: 'all', categories, recordKinds: [], records: [] }])
    expect(Object.fromEntries(bundle.manifest.categories.map((c) => [c.id, c.retention.name]))).toEqual({
      identifiers: 'Account data',
      work_order_data: 'Work-order records',
      usage_data: 'Usage logs',
      cookie_data: 'Cookies',
      in_app_content: 'Work-order records',
    })
  })
})

describe('section 9: we respond within 30 days', () => {
  it('answers within 30 days where no law asks sooner, even where the law allows 45', () => {
    const received = at('2026-03-02T10:00:00Z')
    for (const jurisdictions of [[], ['ccpa'], ['us_va']] as const) {
      const due = dueDates(LEGAL_CLOCKS, received, onmionPolicy.rights.deadline, 'access', jurisdictions)
      expect(due, jurisdictions.join(',')).toMatchObject({ respondAt: at('2026-04-01T10:00:00Z'), respondRule: 'policy' })
    }
  })
})
