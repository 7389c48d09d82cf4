import { z } from 'zod'
import { compareDurations } from './duration.js'
import { PolicyValidationError, type PolicyIssue } from './errors.js'
import { deepFreeze } from './deep-freeze.js'
import { Channels } from './model/channel.js'
import { Children } from './model/children.js'
import { Cookies, type CookieCategory, type DeclaredCookie } from './model/cookie.js'
import { DataCategory } from './model/data-category.js'
import { Meta } from './model/meta.js'
import { ISO_DURATION_PATTERN } from './model/primitives.js'
import { Purpose } from './model/purpose.js'
import { Recipient } from './model/recipient.js'
import { RetentionRule } from './model/retention-rule.js'
import { Rights } from './model/rights.js'
import { Security } from './model/security.js'
import { Signals } from './model/signals.js'

const PolicyShape = z.strictObject({
  meta: Meta,
  dataCategories: z.array(DataCategory).min(1),
  purposes: z.array(Purpose).min(1),
  recipients: z.array(Recipient),
  /** Policy-wide: Onmion does not sell personal information, and the engine refuses every sale. */
  sellsPersonalInformation: z.literal(false, { error: 'must be false: this SDK enforces a no-sale policy' }),
  channels: Channels,
  cookies: Cookies,
  retention: z.array(RetentionRule).min(1),
  rights: Rights,
  children: Children,
  signals: Signals,
  security: Security,
})

type Shape = z.output<typeof PolicyShape>

/**
 * A whole privacy policy: every section of the seed as data. Parsing checks the shape and the
 * cross-references between sections (see {@link definePolicy}).
 *
 * @example const result = Policy.safeParse(json) // or parsePolicy(json), which throws a PolicyValidationError with readable paths
 */
export const Policy = PolicyShape.superRefine((policy, ctx) => {
  for (const issue of crossReferenceIssues(policy)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
})
export type Policy = z.output<typeof Policy>
/**
 * What a policy author writes: {@link Policy} before defaults are filled in.
 *
 * @example const draft: PolicyInput = JSON.parse(text) as PolicyInput // defaults not yet filled in
 */
export type PolicyInput = z.input<typeof Policy>

interface RawIssue {
  path: (string | number)[]
  message: string
}

function crossReferenceIssues(policy: Shape): RawIssue[] {
  const issues: RawIssue[] = []
  const ids = (list: readonly { id: string }[], path: (string | number)[], what: string): Set<string> => {
    const seen = new Set<string>()
    list.forEach((item, i) => {
      if (seen.has(item.id)) issues.push({ path: [...path, i, 'id'], message: `duplicate ${what} id "${item.id}"` })
      seen.add(item.id)
    })
    return seen
  }
  const refs = (declared: Set<string>, values: readonly string[], path: (string | number)[], what: string): void => {
    values.forEach((value, i) => {
      if (!declared.has(value)) issues.push({ path: [...path, i], message: `unknown ${what} "${value}"` })
    })
  }
  const ref = (declared: Set<string>, value: string, path: (string | number)[], what: string): void => {
    if (!declared.has(value)) issues.push({ path, message: `unknown ${what} "${value}"` })
  }

  const categories = ids(policy.dataCategories, ['dataCategories'], 'data category')
  const purposes = ids(policy.purposes, ['purposes'], 'purpose')
  const recipients = ids(policy.recipients, ['recipients'], 'recipient')
  const cookieCategories = ids(policy.cookies.categories, ['cookies', 'categories'], 'cookie category')
  const rules = ids(policy.retention, ['retention'], 'retention rule')
  ids(policy.rights.types, ['rights', 'types'], 'right')
  ids(policy.security.controls, ['security', 'controls'], 'security control')
  ids(policy.channels.sms.enrollmentMethods, ['channels', 'sms', 'enrollmentMethods'], 'enrollment method')

  policy.dataCategories.forEach((c, i) => ref(rules, c.retention, ['dataCategories', i, 'retention'], 'retention rule'))
  policy.purposes.forEach((p, i) => refs(categories, p.categories, ['purposes', i, 'categories'], 'data category'))
  policy.recipients.forEach((r, i) => {
    refs(categories, r.categories, ['recipients', i, 'categories'], 'data category')
    refs(purposes, r.purposes, ['recipients', i, 'purposes'], 'purpose')
  })
  policy.cookies.categories.forEach((c, i) => refs(purposes, c.purposes, ['cookies', 'categories', i, 'purposes'], 'purpose'))
  policy.cookies.declared.forEach((c, i) => ref(cookieCategories, c.category, ['cookies', 'declared', i, 'category'], 'cookie category'))
  cookieDeclarationIssues(policy.cookies.declared, issues)
  ref(purposes, policy.channels.sms.purpose, ['channels', 'sms', 'purpose'], 'purpose')
  ref(recipients, policy.channels.sms.provider, ['channels', 'sms', 'provider'], 'recipient')
  ref(purposes, policy.channels.email.purpose, ['channels', 'email', 'purpose'], 'purpose')
  policy.signals.globalPrivacyControl.refuses.forEach((id, i) => {
    const path = ['signals', 'globalPrivacyControl', 'refuses', i]
    const category = policy.cookies.categories.find((c) => c.id === id)
    if (!category) issues.push({ path, message: `unknown cookie category "${id}"` })
    else if (category.required) issues.push({ path, message: `cookie category "${id}" is strictly necessary and cannot be refused` })
  })
  policy.purposes.forEach((p, i) => {
    if (p.objectable && p.basis !== 'legitimate_interest' && p.basis !== 'consent') {
      issues.push({ path: ['purposes', i, 'objectable'], message: `a purpose based on ${p.basis} cannot be objected to; only legitimate interest or consent can` })
    }
  })

  policy.retention.forEach((rule, i) => {
    const path = ['retention', i]
    if (rule.kind === 'fixed' && rule.duration === undefined) issues.push({ path: [...path, 'duration'], message: 'a fixed rule needs a duration' })
    if (rule.kind === 'minimum' && rule.minimum === undefined) issues.push({ path: [...path, 'minimum'], message: 'a minimum rule needs a minimum' })
    // The shape check reports a malformed duration; comparing one would only throw.
    if (rule.minimum !== undefined && rule.duration !== undefined && isDuration(rule.minimum) && isDuration(rule.duration) && compareDurations(rule.minimum, rule.duration) > 0) {
      issues.push({ path: [...path, 'minimum'], message: `minimum ${rule.minimum} is longer than the fixed duration ${rule.duration}` })
    }
  })

  keywordIssues(policy, issues)
  operationalDefaultIssues(policy, issues)
  return issues
}

const isDuration = (value: string): boolean => ISO_DURATION_PATTERN.test(value)

/**
 * An operational default must name a field the entry sets: a misspelt name would leave the value
 * unmarked in the rendered policy, passing an operational choice off as a promise.
 */
function operationalDefaultIssues(policy: Shape, issues: RawIssue[]): void {
  const check = (entry: { operationalDefaults: readonly string[] }, path: (string | number)[]): void => {
    entry.operationalDefaults.forEach((field, i) => {
      const value = field === 'id' || field === 'operationalDefaults' ? undefined : (entry as Record<string, unknown>)[field]
      if (value === undefined) issues.push({ path: [...path, 'operationalDefaults', i], message: `"${field}" is not a field this entry sets` })
    })
  }
  check(policy.meta, ['meta'])
  policy.dataCategories.forEach((entry, i) => check(entry, ['dataCategories', i]))
  policy.purposes.forEach((entry, i) => check(entry, ['purposes', i]))
  policy.recipients.forEach((entry, i) => check(entry, ['recipients', i]))
  policy.cookies.declared.forEach((entry, i) => check(entry, ['cookies', 'declared', i]))
  policy.retention.forEach((entry, i) => check(entry, ['retention', i]))
}

function cookieDeclarationIssues(declared: readonly DeclaredCookie[], issues: RawIssue[]): void {
  const seen = new Set<string>()
  declared.forEach((cookie, i) => {
    const key = cookie.name ?? `/${cookie.pattern ?? ''}/`
    if (seen.has(key)) issues.push({ path: ['cookies', 'declared', i], message: `cookie ${key} is declared twice` })
    seen.add(key)
  })
}

function keywordIssues(policy: Shape, issues: RawIssue[]): void {
  const owner = new Map<string, string>()
  for (const list of ['optOut', 'optIn', 'help'] as const) {
    policy.channels.sms.keywords[list].forEach((word, i) => {
      const key = word.toUpperCase()
      const previous = owner.get(key)
      if (previous !== undefined) {
        issues.push({
          path: ['channels', 'sms', 'keywords', list, i],
          message: previous === list ? `keyword "${word}" is listed twice` : `keyword "${word}" is already a ${previous} keyword`,
        })
      }
      owner.set(key, list)
    })
  }
}

/**
 * Formats a zod path with entity ids in place of array indexes, so an issue reads
 * `purposes.analytics.categories[1]` rather than `purposes[5].categories[1]`.
 */
function formatPath(path: readonly PropertyKey[], input: unknown): string {
  let out = ''
  let node: unknown = input
  for (const key of path) {
    const child: unknown = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined
    if (typeof key === 'number') {
      const id = idOf(child)
      // An id names the entry only if it is well-formed and unique among its siblings.
      const unique = id !== undefined && Array.isArray(node) && node.filter((sibling) => idOf(sibling) === id).length === 1
      out += unique ? `.${id}` : `[${key}]`
    } else {
      out += out === '' ? String(key) : `.${String(key)}`
    }
    node = child
  }
  return out
}

function idOf(value: unknown): string | undefined {
  const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined
  return typeof id === 'string' && /^[a-z][a-z0-9_]*$/.test(id) ? id : undefined
}

/** Turns a zod error into plain issues with readable paths. */
export function toPolicyIssues(error: z.ZodError, input: unknown): PolicyIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path, input), message: issue.message }))
}

// ---- Typed policies -------------------------------------------------------------------------

type Defaults = 'operationalDefaults'
type In<T> = Omit<T, Defaults> & { operationalDefaults?: readonly string[] }

/**
 * The document {@link definePolicy} accepts, with its ids captured as literal types: `C` data
 * categories, `P` purposes, `R` recipients, `K` cookie categories, `T` retention rules.
 * References between sections are typed by the declared ids, so a typo is a compile error.
 *
 * @example type Definition = Parameters<typeof definePolicy>[0] // what definePolicy type-checks its argument against
 */
export type PolicyDefinition<C extends string, P extends string, R extends string, K extends string, T extends string> = Omit<
  PolicyInput,
  'dataCategories' | 'purposes' | 'recipients' | 'cookies' | 'retention' | 'signals' | 'channels'
> & {
  readonly dataCategories: readonly (Omit<In<z.input<typeof DataCategory>>, 'id' | 'retention'> & { id: C; retention: NoInfer<T> })[]
  readonly purposes: readonly (Omit<In<z.input<typeof Purpose>>, 'id' | 'categories'> & { id: P; categories: readonly NoInfer<C>[] })[]
  readonly recipients: readonly (Omit<In<z.input<typeof Recipient>>, 'id' | 'categories' | 'purposes' | 'examples'> & {
    id: R
    categories: readonly NoInfer<C>[]
    purposes: readonly NoInfer<P>[]
    examples?: readonly string[]
  })[]
  readonly cookies: Omit<z.input<typeof Cookies>, 'categories' | 'declared'> & {
    readonly categories: readonly (Omit<z.input<typeof Cookies>['categories'][number], 'id' | 'purposes' | 'consentMode'> & {
      id: K
      purposes: readonly NoInfer<P>[]
      consentMode?: readonly CookieCategory['consentMode'][number][]
    })[]
    readonly declared: readonly (Omit<In<z.input<typeof Cookies>['declared'][number]>, 'category'> & { category: NoInfer<K> })[]
  }
  readonly retention: readonly (Omit<In<z.input<typeof RetentionRule>>, 'id'> & { id: T })[]
  readonly signals: Omit<z.input<typeof Signals>, 'globalPrivacyControl'> & {
    globalPrivacyControl: Omit<z.input<typeof Signals>['globalPrivacyControl'], 'refuses'> & { refuses?: readonly NoInfer<K>[] }
  }
  readonly channels: {
    sms: Omit<z.input<typeof Channels>['sms'], 'purpose' | 'provider'> & { purpose: NoInfer<P>; provider: NoInfer<R> }
    email: Omit<z.input<typeof Channels>['email'], 'purpose'> & { purpose: NoInfer<P> }
  }
}

/**
 * A validated policy whose ids are literal types (what {@link definePolicy} returns).
 *
 * @example const policy: TypedPolicy<'ids', 'service', 'host', 'necessary', 'account'> = definePolicy(input)
 */
export type TypedPolicy<C extends string, P extends string, R extends string, K extends string, T extends string> = Omit<
  Policy,
  'dataCategories' | 'purposes' | 'recipients' | 'cookies' | 'retention' | 'channels' | 'signals'
> & {
  readonly dataCategories: (DataCategory & { id: C; retention: T })[]
  readonly purposes: (Purpose & { id: P; categories: C[] })[]
  readonly recipients: (Recipient & { id: R; categories: C[]; purposes: P[] })[]
  readonly cookies: Omit<Cookies, 'categories' | 'declared'> & {
    categories: (CookieCategory & { id: K; purposes: P[] })[]
    declared: (DeclaredCookie & { category: K })[]
  }
  readonly retention: (RetentionRule & { id: T })[]
  readonly channels: {
    sms: Channels['sms'] & { purpose: P; provider: R }
    email: Channels['email'] & { purpose: P }
  }
  readonly signals: Signals & { globalPrivacyControl: Signals['globalPrivacyControl'] & { refuses: K[] } }
}

/**
 * The declared data category ids of a policy: `DataCategoryId<typeof onmionPolicy>`.
 *
 * @example type Category = DataCategoryId<typeof onmionPolicy> // 'identifiers' | 'work_order_data' | ...
 */
export type DataCategoryId<P extends Policy = Policy> = P['dataCategories'][number]['id']
/**
 * The declared purpose ids of a policy.
 *
 * @example type Purpose = PurposeId<typeof onmionPolicy> // 'service_delivery' | 'analytics' | ...
 */
export type PurposeId<P extends Policy = Policy> = P['purposes'][number]['id']
/**
 * The declared recipient ids of a policy.
 *
 * @example type Recipient = RecipientId<typeof onmionPolicy> // 'cloud_hosting' | 'sms_delivery' | ...
 */
export type RecipientId<P extends Policy = Policy> = P['recipients'][number]['id']
/**
 * The declared cookie category ids of a policy.
 *
 * @example type Category = CookieCategoryId<typeof onmionPolicy> // 'strictly_necessary' | 'preferences' | 'analytics'
 */
export type CookieCategoryId<P extends Policy = Policy> = P['cookies']['categories'][number]['id']
/**
 * The declared retention rule ids of a policy.
 *
 * @example type Rule = RetentionRuleId<typeof onmionPolicy> // 'accounting_records' | 'sms_opt_out_logs' | ...
 */
export type RetentionRuleId<P extends Policy = Policy> = P['retention'][number]['id']
/**
 * The rights a policy grants.
 *
 * @example type Right = RightId<typeof onmionPolicy> // 'access' | 'erasure' | ...
 */
export type RightId<P extends Policy = Policy> = P['rights']['types'][number]['id']

function validate(input: unknown): Policy {
  const result = Policy.safeParse(input)
  if (!result.success) throw new PolicyValidationError(toPolicyIssues(result.error, input), { cause: result.error })
  return deepFreeze(result.data)
}

/**
 * Validates a policy written in code and returns it, deeply frozen, with its ids kept as literal
 * types, so `PurposeId<typeof policy>` is the union of the declared purposes and an undeclared
 * id is a compile error wherever the policy is used.
 *
 * @throws {@link PolicyValidationError} listing every problem, shape and cross-references alike.
 * @example
 * const policy = definePolicy({ meta: {...}, dataCategories: [{ id: 'identifiers', ... }], ... })
 * type P = PurposeId<typeof policy> // 'service_delivery' | 'analytics' | ...
 */
export function definePolicy<C extends string, P extends string, R extends string, K extends string, T extends string>(
  input: PolicyDefinition<C, P, R, K, T>,
): TypedPolicy<C, P, R, K, T> {
  return validate(input) as TypedPolicy<C, P, R, K, T>
}

/**
 * Validates a policy from an untrusted source: JSON text or an already-parsed value. It never
 * throws anything but {@link PolicyValidationError}. Every object is strict: an unknown key (a
 * typo such as `objectible`) is an issue naming it, never silently dropped.
 *
 * @example
 * const policy = parsePolicy(await readFile('policy.json', 'utf8'))
 */
export function parsePolicy(json: unknown): Policy {
  let value: unknown = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch (error) {
      throw new PolicyValidationError([{ path: '', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }], { cause: error })
    }
  }
  try {
    return validate(value)
  } catch (error) {
    if (error instanceof PolicyValidationError) throw error
    throw new PolicyValidationError([{ path: '', message: `could not be validated: ${error instanceof Error ? error.message : String(error)}` }], { cause: error })
  }
}

/**
 * Finds an entity by id in one of a policy's lists.
 *
 * @example byId(policy.purposes, 'analytics')?.basis // 'consent'
 */
export function byId<T extends { id: string }>(list: readonly T[], id: string): T | undefined {
  return list.find((item) => item.id === id)
}
