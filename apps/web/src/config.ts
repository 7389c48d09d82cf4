import type { ConsentEndpoint } from '@onmion/privacy-client'

declare global {
  interface Window {
    /** The signed-in person's consent id, written into the page by the site's server (absent when anonymous). */
    onmionPerson?: string
  }
}

/**
 * The consent service, when the build is configured with one (VITE_CONSENT_ENDPOINT and
 * VITE_PUBLISHABLE_KEY); without it the site keeps choices in the browser only.
 */
export const consentEndpoint: ConsentEndpoint | undefined =
  import.meta.env.VITE_CONSENT_ENDPOINT && import.meta.env.VITE_PUBLISHABLE_KEY
    ? { url: import.meta.env.VITE_CONSENT_ENDPOINT, publishableKey: import.meta.env.VITE_PUBLISHABLE_KEY }
    : undefined

/**
 * The local names of the policy's shared domains: the tests (and a developer's hosts file) map
 * `*.onmion.test` and `*.maasoffline.test` to loopback, where the site shares its consent cookie
 * across sub-domains as it does on `onmion.com` and `maasoffline.com`.
 */
export const domainAliases: Record<string, string> = { 'onmion.test': 'onmion.com', 'maasoffline.test': 'maasoffline.com' }

/** The signed-in person's consent id, which the site's server writes into the page; `undefined` for an anonymous visitor. */
export const signedInPerson: string | undefined = typeof window === 'undefined' ? undefined : window.onmionPerson
