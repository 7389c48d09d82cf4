/**
 * The consent service's address, when the build is configured with one (VITE_CONSENT_ENDPOINT):
 * the request page and the change list talk to it; without it they say where to write instead.
 */
export const serviceUrl: string | undefined = import.meta.env.VITE_CONSENT_ENDPOINT === '' ? undefined : import.meta.env.VITE_CONSENT_ENDPOINT
