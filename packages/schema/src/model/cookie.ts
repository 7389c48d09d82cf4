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
 * A host name (lowercase, at least one dot), as a request URL carries it.
 *
 * @example Hostname.parse('www.google-analytics.com')
 */
export const Hostname = z.string().regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lowercase host name')
export type Hostname = z.infer<typeof Hostname>

/**
 * The browser-side settings of the cookie section (all optional): what happens to a held request
 * on refusal, the Google Consent Mode level, the sites that share one choice and the embed placeholder.
 *
 * @example policy.cookies.browser?.consentMode // 'basic'
 */
export const CookieBrowserSettings = z.strictObject({
  /** Requests to a category's `hosts` held before a choice are dropped on refusal, or kept until a grant. */
  heldOnRefusal: z.enum(['drop', 'keep']).optional(),
  /**
   * Google Consent Mode v2: `basic` loads no Google tag before consent; `advanced` loads it at
   * once, every signal denied until the visitor grants.
   */
  consentMode: z.enum(['basic', 'advanced']).optional(),
  /** Registrable domains whose sites (and sub-domains) share one choice: the cookie's `Domain`. */
  sharedDomains: z.array(Hostname).optional(),
  /** The placeholder of an embed waiting for consent; `{category}` is replaced by the category's name. */
  embed: z.strictObject({ text: Text, loadLabel: Text, loadCategoryLabel: Text }).optional(),
})
export type CookieBrowserSettings = z.infer<typeof CookieBrowserSettings>

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
  /**
   * Hosts the category's tags send data to (`www.google-analytics.com`); a host covers its
   * sub-domains. The browser client's network gate holds requests to them until the category is granted.
   */
  hosts: z.array(Hostname).optional(),
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
  browser: CookieBrowserSettings.optional(),
})
export type Cookies = z.infer<typeof Cookies>
