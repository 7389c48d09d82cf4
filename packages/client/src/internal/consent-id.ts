/**
 * `prefix` and 22 base64url characters from 128 random bits (getRandomValues, which plain http
 * pages have, unlike randomUUID).
 */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const base64 = btoa(String.fromCharCode(...bytes))
  return prefix + base64.replace(/\+/g, '-').replace(/\//g, '_').slice(0, 22)
}

/**
 * A new browser consent id: `c_` and 22 base64url characters; a valid SubjectId, and what the
 * consent ledger keys this browser's events by.
 */
export const newConsentId = (): string => randomId('c_')
