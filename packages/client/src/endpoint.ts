/**
 * What the client exchanges with the consent service: where it sends choices, and the receipt it
 * keeps of the last one. Types only, so the manager and its internal modules share them without
 * importing each other.
 */

/** Where consent changes are sent: the consent service's base URL and a publishable API key. */
export interface ConsentEndpoint {
  /** Base URL of the consent service, e.g. `https://consent.onmion.com`. */
  url: string
  /** A key that may only write consent events (safe to ship in a page). */
  publishableKey: string
}

/**
 * A signed consent receipt as the consent service gives it back (Kantara Consent Receipt v1.1
 * fields, ISO/IEC TS 27560 shape); `ConsentReceipt` of `@onmion/privacy-proof` is its full type.
 */
export interface ConsentReceiptJson {
  readonly consentReceiptID: string
  readonly piiPrincipalId: string
  readonly [field: string]: unknown
}
