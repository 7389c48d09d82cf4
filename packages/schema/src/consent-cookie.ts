import { z } from 'zod'
import { CONSENT_ID, SEMVER } from './consent-cookie-patterns.js'

// The zod schema of the consent cookie, for servers that read the cookie. Browsers take the
// codec alone (`@onmion/privacy-schema/browser`), which checks the same rules by hand. The schema
// is built inside a pure-annotated arrow call so that a bundler drops it, and zod, whole from a
// bundle that imports only the codec from this entry.

/**
 * What the consent cookie holds: the policy version the choice was made under, the choice per
 * cookie category (strictly necessary ones always `true`), when, the browser's consent id, and
 * whether a Global Privacy Control signal was present when the choice was made (so a later GPC
 * signal can be told apart from an explicit opt-in made while GPC was already on).
 *
 * @example
 * const value: ConsentCookie = ConsentCookie.parse({
 *   version: '1.0.0',
 *   choices: { strictly_necessary: true, preferences: false, analytics: true },
 *   at: '2026-01-01T12:00:00.000Z',
 *   id: 'c_AAAAAAAAAAAAAAAAAAAAAA',
 *   gpc: false,
 * })
 */
export const ConsentCookie = /* @__PURE__ */ (() => z.object({
  version: z.string().regex(SEMVER, 'must be a semantic version, e.g. "1.0.0"'),
  choices: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/), z.boolean()),
  at: z.iso.datetime(),
  id: z.string().regex(CONSENT_ID, 'must be a consent id: "c_" and 22 base64url characters').brand<'SubjectId'>(),
  gpc: z.boolean().default(false),
}))()
export type ConsentCookie = z.infer<typeof ConsentCookie>

