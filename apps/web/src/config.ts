import type { ConsentEndpoint } from '@onmion/privacy-client'

/**
 * The consent service, when the build is configured with one (VITE_CONSENT_ENDPOINT and
 * VITE_PUBLISHABLE_KEY); without it the site keeps choices in the browser only.
 */
export const consentEndpoint: ConsentEndpoint | undefined =
  import.meta.env.VITE_CONSENT_ENDPOINT && import.meta.env.VITE_PUBLISHABLE_KEY
    ? { url: import.meta.env.VITE_CONSENT_ENDPOINT, publishableKey: import.meta.env.VITE_PUBLISHABLE_KEY }
    : undefined
