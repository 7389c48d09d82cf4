import { use } from 'react'
import { ConsentContext, type ConsentContextValue } from './consent-provider.js'

/**
 * The visitor's consent and the actions to change it, inside a {@link ConsentProvider}.
 * Pass the policy's category ids to type them: `useConsent<CookieCategoryId>()`.
 *
 * @throws Error when used outside a ConsentProvider.
 * @example
 * function AnalyticsToggle() {
 *   const consent = useConsent<CookieCategoryId>()
 *   return <button onClick={() => consent.set({ analytics: !consent.has('analytics') })}>Analytics</button>
 * }
 */
export function useConsent<K extends string = string>(): ConsentContextValue<K> {
  const value = use(ConsentContext)
  if (value === undefined) throw new Error('useConsent() needs a <ConsentProvider> above it')
  return value as unknown as ConsentContextValue<K>
}
