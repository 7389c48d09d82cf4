import type { CookieCategoryId } from '@onmion/privacy-policy'
import { ConsentGate, useConsent } from '@onmion/privacy-react'
import type { ReactNode } from 'react'

/** The home page: what the visitor has chosen, and content that waits for analytics consent. */
export function HomePage(): ReactNode {
  const consent = useConsent<CookieCategoryId>()
  return (
    <>
      <h1>MAAS work orders, in the field</h1>
      <p>Assign, track and close work orders from the web and mobile applications.</p>
      <h2>Your cookie choices</h2>
      <ul aria-label="Cookie choices" data-testid="choices">
        {consent.policy.cookies.categories.map((category) => (
          <li key={category.id}>
            {category.name}: {consent.ready ? (consent.choices[category.id as CookieCategoryId] ? 'on' : 'off') : 'unknown'}
          </li>
        ))}
      </ul>
      <ConsentGate category="analytics" fallback={<p>Traffic statistics are off.</p>}>
        <p>Traffic statistics are on. Thank you for helping us improve the site.</p>
      </ConsentGate>
    </>
  )
}
