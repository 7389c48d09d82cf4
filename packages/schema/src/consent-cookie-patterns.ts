/**
 * The two patterns of a consent cookie, shared by its zod schema (`consent-cookie.ts`) and its
 * zod-free codec (`consent-cookie-codec.ts`) without either importing the other.
 */

/**
 * A browser's consent id: `c_` and 22 base64url characters (128 random bits). It is a
 * {@link SubjectId}, so the consent ledger can key the browser's events by it.
 */
export const CONSENT_ID = /^c_[A-Za-z0-9_-]{22}$/
/** A semantic version (semver 2.0.0), the form of a policy's `meta.version`. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/
