import { decide, EMPTY_SUBJECT_STATE, type PurposeId as PurposeIdOf } from '@onmion/privacy-schema'
import { expectTypeOf, test } from 'vitest'
import { onmionPolicy, type CookieCategoryId, type PurposeId } from './index.js'

test('purpose ids are the declared literals', () => {
  expectTypeOf<PurposeId>().toEqualTypeOf<PurposeIdOf<typeof onmionPolicy>>()
  expectTypeOf<'analytics'>().toExtend<PurposeId>()
  expectTypeOf<'marketing'>().not.toExtend<PurposeId>()
  expectTypeOf<CookieCategoryId>().toEqualTypeOf<'strictly_necessary' | 'preferences' | 'analytics'>()
})

test('an undeclared purpose or category does not compile', () => {
  decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data' })
  // @ts-expect-error 'marketing' is not a declared purpose
  decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'marketing', category: 'usage_data' })
  // @ts-expect-error 'usage_data2' is not a declared category
  decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'analytics', category: 'usage_data2' })
})
