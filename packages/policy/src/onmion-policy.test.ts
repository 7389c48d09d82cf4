import { decide, EMPTY_SUBJECT_STATE } from '@onmion/privacy-schema'
import { expect, test } from 'vitest'
import { onmionPolicy } from './index.js'

test('transactional SMS needs consent', () => {
  expect(decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'transactional_sms', category: 'identifiers' })).toEqual({
    allowed: false,
    reason: 'consent_missing',
    basis: 'consent',
  })
})
