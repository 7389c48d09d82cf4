import {
  EMPTY_SUBJECT_STATE,
  consentCookieName,
  decide,
  decodeConsentCookie,
  type ConsentCookie,
  type CookieCategoryId,
  type Decision,
  type Policy,
  type SubjectId,
  type SubjectState,
} from '@onmion/privacy-schema'
import type { CheckInput } from '../check/check.js'
import { ProcessingDeniedError, invalidField } from '../errors.js'
import { validateSubject } from '../ledger/ledger.js'
import type { PrivacyCore } from '../privacy.js'
import { readCookie } from './cookie-header.js'

/**
 * A question about the current request: the subject defaults to the request's subject.
 *
 * @example
 * await c.get('privacy').check({ purpose: 'analytics', category: 'usage_data' }) // the request's subject
 */
export type RequestCheckInput<P extends Policy = Policy> = Omit<CheckInput<P>, 'subject'> & { subject?: string }

/**
 * The privacy context of one HTTP request: its browser signals (Sec-GPC, the consent cookie),
 * its subject, and checks that combine the subject's ledger state with those signals.
 *
 * @example
 * app.get('/report', async (c) => {
 *   const privacy = c.get('privacy')
 *   if ((await privacy.check({ purpose: 'analytics', category: 'usage_data' })).allowed) track(c)
 * })
 */
export interface RequestPrivacy<P extends Policy = Policy> {
  /** The request carried `Sec-GPC: 1`. */
  readonly gpc: boolean
  /** The decoded consent cookie, or undefined when absent, foreign or stale. */
  readonly consent: ConsentCookie | undefined
  /** The request's subject: from the `subject` option (e.g. the signed-in user), else the consent cookie's id. */
  readonly subject: SubjectId | undefined
  /**
   * The effective cookie choices of this request: required categories granted, the consent
   * cookie's choices for the others (refused when absent), then the categories a Global Privacy
   * Control signal refuses, refused when GPC is on and the policy honors it.
   */
  readonly cookies: Readonly<Record<CookieCategoryId<P>, boolean>>
  /**
   * May `category` be processed for `purpose`? The subject's ledger state (none without a
   * subject), overlaid with the request's cookie choices and GPC for consent-based purposes of
   * cookie categories, decided by the policy's `decide()`.
   */
  check(input: RequestCheckInput<P>): Promise<Decision>
  /**
   * Like `check`, but throws.
   *
   * @throws {@link ProcessingDeniedError} with the reason.
   */
  assert(input: RequestCheckInput<P>): Promise<Decision>
}

/**
 * How the middleware finds the request's subject (e.g. from the session); undefined for none.
 *
 * @example
 * const subject: SubjectResolver<Context> = (c) => c.req.header('x-user-id')
 */
export type SubjectResolver<R> = (request: R) => string | undefined | Promise<string | undefined>

/**
 * The two headers the middleware reads.
 *
 * @example
 * createRequestPrivacy(privacy, { gpc: req.headers['sec-gpc'], cookie: req.headers.cookie })
 */
export interface PrivacySignals {
  /** The `Sec-GPC` header value. */
  gpc: string | undefined
  /** The `Cookie` header value. */
  cookie: string | undefined
}

/**
 * Builds a request's privacy context from its signals (framework-neutral; the Hono and Express
 * middleware call it).
 *
 * @throws {@link PrivacyError} INVALID_INPUT when the resolved subject is not a valid subject id.
 * @example
 * const rp = createRequestPrivacy(privacy, { gpc: req.headers['sec-gpc'], cookie: req.headers.cookie }, 'u_42')
 */
export function createRequestPrivacy<P extends Policy>(privacy: PrivacyCore<P>, signals: PrivacySignals, subject?: string): RequestPrivacy<P> {
  const policy = privacy.policy
  const gpc = signals.gpc?.trim() === '1'
  const name = consentCookieName(policy)
  const consent = name === undefined ? undefined : decodeConsentCookie(readCookie(signals.cookie, name), policy)
  const resolved = subject ?? consent?.id
  if (resolved !== undefined) {
    const problem = validateSubject(resolved)
    if (problem !== null) throw invalidField('subject', problem)
  }

  const refusedByGpc = new Set<string>(gpc && policy.signals.globalPrivacyControl.honored ? policy.signals.globalPrivacyControl.refuses : [])
  const cookies: Record<string, boolean> = {}
  for (const category of policy.cookies.categories) {
    cookies[category.id] = category.required || (!refusedByGpc.has(category.id) && consent?.choices[category.id] === true)
  }
  // Only what the request says explicitly overrides the ledger: a stored cookie choice, or GPC.
  const overrides = new Map<string, 'granted' | 'withdrawn'>()
  const consentBased = new Set(policy.purposes.filter((p) => p.basis === 'consent').map((p) => p.id))
  for (const category of policy.cookies.categories) {
    if (category.required) continue
    const said = refusedByGpc.has(category.id) ? false : consent?.choices[category.id]
    if (said === undefined) continue
    for (const purpose of category.purposes) {
      if (!consentBased.has(purpose)) continue
      // A purpose served by several categories is refused if any of them is refused.
      if (!said || overrides.get(purpose) !== 'withdrawn') overrides.set(purpose, said ? 'granted' : 'withdrawn')
    }
  }
  const overlay = (state: SubjectState): SubjectState => {
    if (overrides.size === 0) return state
    const consents = { ...state.consents }
    for (const [purpose, value] of overrides) consents[purpose] = value
    return { ...state, consents }
  }

  const check = async (input: RequestCheckInput<P>): Promise<Decision> => {
    if (typeof input !== 'object' || (input as unknown) === null) throw invalidField('input', 'must be an object')
    const who = input.subject ?? resolved
    const operation: unknown = input.operation
    if (operation !== undefined && operation !== 'process' && operation !== 'store') {
      throw invalidField('operation', 'must be "process" or "store"')
    }
    let state: SubjectState = EMPTY_SUBJECT_STATE
    if (who !== undefined) {
      const problem = validateSubject(who)
      if (problem !== null) throw invalidField('subject', problem)
      // The policy-typed state is the same object; the decision reads it by plain purpose ids.
      state = (await privacy.state(who)) as SubjectState
    }
    return decide(policy, overlay(state), { purpose: input.purpose, category: input.category, ...(input.operation === undefined ? {} : { operation: input.operation }) })
  }

  return {
    gpc,
    consent,
    subject: resolved as SubjectId | undefined,
    cookies: cookies as Record<CookieCategoryId<P>, boolean>,
    check,
    async assert(input) {
      const decision = await check(input)
      if (!decision.allowed) {
        throw new ProcessingDeniedError(decision.reason, `processing ${input.category} for ${input.purpose} is not allowed for this request: ${decision.reason}`)
      }
      return decision
    },
  }
}
