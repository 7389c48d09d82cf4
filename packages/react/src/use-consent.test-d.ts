import type { onmionPolicy } from '@onmion/privacy-policy'
import type { CookieCategoryId } from '@onmion/privacy-schema'
import { expectTypeOf, it } from 'vitest'
import { useConsent, type ConsentContextValue } from './index.js'

type Category = CookieCategoryId<typeof onmionPolicy>

it("types useConsent() by the policy's cookie categories", () => {
  expectTypeOf(useConsent<Category>).returns.toEqualTypeOf<ConsentContextValue<'strictly_necessary' | 'preferences' | 'analytics'>>()
  const consent = {} as ConsentContextValue<Category>
  expectTypeOf(consent.choices).toEqualTypeOf<Readonly<Record<'strictly_necessary' | 'preferences' | 'analytics', boolean>>>()
  expectTypeOf(consent.signalRefusals).toEqualTypeOf<readonly Category[]>()
  expectTypeOf(consent.has).parameter(0).toEqualTypeOf<Category>()
  // @ts-expect-error a misspelled category is a compile error
  consent.has('analytic')
  // @ts-expect-error an undeclared category is a compile error
  consent.set({ marketing: true })
  // @ts-expect-error an undeclared category is no key of the choices
  expectTypeOf(consent.choices.marketing).toBeBoolean()
})

it('keeps string categories when no policy type is given', () => {
  expectTypeOf(useConsent()).toEqualTypeOf<ConsentContextValue>()
  expectTypeOf(useConsent().has).parameter(0).toBeString()
})
