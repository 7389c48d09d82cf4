/**
 * A new browser consent id: `c_` and 22 base64url characters from 128 random bits; a valid
 * SubjectId, and what the consent ledger keys this browser's events by.
 */
export function newConsentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const base64 = btoa(String.fromCharCode(...bytes))
  return `c_${base64.replace(/\+/g, '-').replace(/\//g, '_').slice(0, 22)}`
}
