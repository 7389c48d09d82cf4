import { onmionPolicy } from '@onmion/privacy-policy'
import { diffPolicies, type Policy } from '@onmion/privacy-schema'
import { describe, expect, it } from 'vitest'
import { touchedCategories } from './touched-categories.js'

const base = onmionPolicy as unknown as Policy
const edit = (change: (p: Policy) => void): Policy => {
  const next = structuredClone(base)
  change(next)
  return next
}

describe('touchedCategories', () => {
  it('maps a purpose change to the categories the purpose uses', () => {
    const next = edit((p) => {
      const analytics = p.purposes.find((x) => x.id === 'analytics')
      if (analytics) analytics.description = `${analytics.description} More.`
    })
    const expected = base.purposes.find((x) => x.id === 'analytics')?.categories ?? []
    expect([...(touchedCategories(base, next, diffPolicies(base, next).changes) as Set<string>)].sort()).toEqual([...expected].sort())
  })

  it('treats a change outside categories, purposes, recipients and retention as touching everyone', () => {
    const next = edit((p) => {
      p.meta = { ...p.meta, controller: 'Someone Else LLC' }
    })
    expect(touchedCategories(base, next, diffPolicies(base, next).changes)).toBe('all')
  })

  it('ignores release stamps', () => {
    const next = edit((p) => {
      p.meta = { ...p.meta, version: '9.9.9' }
    })
    expect([...(touchedCategories(base, next, diffPolicies(base, next).changes) as Set<string>)]).toEqual([])
  })
})
