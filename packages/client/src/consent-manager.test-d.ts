import { onmionPolicy } from '@onmion/privacy-policy'
import { expectTypeOf, it } from 'vitest'
import { createConsentManager } from './index.js'

it('types categories by the policy', () => {
  const consent = createConsentManager({ policy: onmionPolicy })
  expectTypeOf(consent.get()).toEqualTypeOf<Readonly<Record<'strictly_necessary' | 'preferences' | 'analytics', boolean>>>()
  // @ts-expect-error an undeclared category is a compile error
  consent.has('marketing')
  // @ts-expect-error an undeclared category is a compile error
  consent.set({ marketing: true })
})
