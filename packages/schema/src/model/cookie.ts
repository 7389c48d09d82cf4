import { z } from 'zod'
import { CONSENT_MODE_SIGNALS } from '../consent-mode-signals.js'
import { EntityId, IsoDuration, OperationalDefaults, Text } from './primitives.js'

/**
 * Google Consent Mode v2 storage and ad signals.
 *
 * @example ConsentModeSignal.parse('analytics_storage')
 */
export const ConsentModeSignal = z.enum(CONSENT_MODE_SIGNALS)
export type ConsentModeSignal = z.infer<typeof ConsentModeSignal>

/**
 * A category of cookies a visitor grants or refuses as a whole.
 *
 * @example policy.cookies.categories.filter((c) => !c.required) // what a banner asks about
 */
export const CookieCategory = z.strictObject({
  id: EntityId,
  name: Text,
  description: Text,
  /** Strictly necessary: always granted, cannot be refused. */
  required: z.boolean(),
  /** Purposes served by the category; consent to the category is consent to these purposes. */
  purposes: z.array(EntityId).min(1),
  /** Consent Mode signals granted exactly when this category is granted. */
  consentMode: z.array(ConsentModeSignal).default([]),
})
export type CookieCategory = z.infer<typeof CookieCategory>

/**
 * A cookie the site sets or lets a third party set, declared by exact name or pattern.
 *
 * @example DeclaredCookie.parse({ pattern: '^_ga_.*$', party: 'third', provider: 'Google Analytics', lifetime: 'P2Y', purpose: 'Traffic.', category: 'analytics' })
 */
export const DeclaredCookie = z
  .object({
    name: z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'must be a valid cookie name').optional(),
    /** A regular expression source matched against the whole cookie name (`^_ga_.*$`). */
    pattern: z
      .string()
      .refine((source) => {
        try {
          new RegExp(source)
          return true
        } catch {
          return false
        }
      }, 'must be a valid regular expression')
      .optional(),
    party: z.enum(['first', 'third']),
    provider: Text,
    /** `session`, or an ISO-8601 duration. */
    lifetime: z.union([z.literal('session'), IsoDuration]),
    purpose: Text,
    category: EntityId,
    operationalDefaults: OperationalDefaults,
  })
  .refine((cookie) => (cookie.name === undefined) !== (cookie.pattern === undefined), {
    message: 'must declare exactly one of "name" or "pattern"',
  })
export type DeclaredCookie = z.infer<typeof DeclaredCookie>

/**
 * The cookie section: categories, declared cookies and the consent banner.
 *
 * @example showBanner(policy.cookies.banner.text)
 */
export const Cookies = z.strictObject({
  categories: z.array(CookieCategory).min(1),
  declared: z.array(DeclaredCookie),
  banner: z.strictObject({ text: Text, acceptLabel: Text, rejectLabel: Text, preferencesLabel: Text }),
  /** What the seed tells visitors about browser controls. */
  browserControls: Text,
})
export type Cookies = z.infer<typeof Cookies>
