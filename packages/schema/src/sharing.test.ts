import fc from 'fast-check'
import { expect, test } from 'vitest'
import { samplePolicy } from '../test/sample-policy.js'
import type { Policy } from './policy.js'
import { decideSharing, SharingReason, type SharingRequest } from './sharing.js'

const table: [string, SharingRequest, SharingReason][] = [
  ['a disclosure the policy lists', { recipient: 'sms_provider', category: 'identifiers', purpose: 'sms' }, 'allowed'],
  ['a sale, even of what the recipient may receive', { recipient: 'sms_provider', category: 'identifiers', purpose: 'sms', sale: true }, 'sale_prohibited'],
  ['an undeclared recipient', { recipient: 'data_broker', category: 'identifiers', purpose: 'sms' }, 'unknown_recipient'],
  ['a category the recipient may not receive', { recipient: 'employer', category: 'identifiers', purpose: 'service' }, 'category_not_allowed_for_recipient'],
  ['a purpose the recipient may not receive data for', { recipient: 'employer', category: 'usage_data', purpose: 'analytics' }, 'purpose_not_allowed_for_recipient'],
  ['a category the purpose itself may not use', { recipient: 'tax_office', category: 'usage_data', purpose: 'accounting' }, 'category_not_allowed_for_purpose'],
]

test.each(table)('%s', (_, request, reason) => {
  expect(decideSharing(samplePolicy as Policy, request)).toEqual({ allowed: reason === 'allowed', reason })
})

test('every reason is reachable', () => {
  expect(table.map(([, , reason]) => reason).sort()).toEqual(Object.values(SharingReason).sort())
})

test('a sale is refused always, whatever is asked', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.string(), (recipient, category, purpose) => {
      expect(decideSharing(samplePolicy as Policy, { recipient, category, purpose, sale: true })).toEqual({ allowed: false, reason: 'sale_prohibited' })
    }),
  )
})

test('only what a recipient lists, for a purpose that may use it, is allowed', () => {
  const ids = (list: readonly { id: string }[]) => list.map((x) => x.id)
  fc.assert(
    fc.property(
      fc.constantFrom(...ids(samplePolicy.recipients)),
      fc.constantFrom(...ids(samplePolicy.dataCategories)),
      fc.constantFrom(...ids(samplePolicy.purposes)),
      (recipient, category, purpose) => {
        const r = samplePolicy.recipients.find((x) => x.id === recipient)!
        const p = samplePolicy.purposes.find((x) => x.id === purpose)!
        const expected = (r.categories as string[]).includes(category) && (r.purposes as string[]).includes(purpose) && (p.categories as string[]).includes(category)
        expect(decideSharing(samplePolicy as Policy, { recipient, category, purpose }).allowed).toBe(expected)
      },
    ),
  )
})
