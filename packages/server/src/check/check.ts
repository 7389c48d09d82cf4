import { compileSubjectState, decide, type CompiledSubjectState, type DataCategoryId, type Decision, type Policy, type PurposeId, type SubjectState } from '@onmion/privacy-schema'
import { ProcessingDeniedError, invalidField } from '../errors.js'
import type { ConsistencyOptions } from '../ledger/consistency.js'
import type { Ledger } from '../ledger/ledger-types.js'
import { validateSubject } from '../ledger/ledger.js'

/**
 * A question for `check()` / `assert()`: may `category` of `subject` be processed for `purpose`?
 * Typed by the policy: an undeclared purpose or category does not compile.
 *
 * @example
 * const q: CheckInput<typeof onmionPolicy> = { subject: 'u_42', purpose: 'analytics', category: 'usage_data' }
 */
export interface CheckInput<P extends Policy = Policy> {
  subject: string
  purpose: PurposeId<P>
  category: DataCategoryId<P>
  /** `store` asks only to keep the data (allowed under a restriction); default `process`. */
  operation?: 'process' | 'store'
}

/**
 * Answers from the subject's projected state with the shared `decide()`. Warm subjects are
 * answered from memory without I/O, when the cached state is new enough for `options`
 * (`{ atLeast: token }`, `{ consistency: 'strong' }`; see {@link ConsistencyOptions}). A purpose or category the policy does not declare (possible
 * only around the types) is denied (`unknown_purpose` / `unknown_category`), never allowed.
 *
 * @throws {@link PrivacyError} INVALID_INPUT for a malformed subject, operation or consistency option.
 * @example
 * const decision = await checkProcessing(policy, ledger, { subject: 'u_42', purpose: 'analytics', category: 'usage_data' })
 */
export function checkProcessing<P extends Policy>(policy: P, ledger: Ledger<P>, input: CheckInput<P>, options?: ConsistencyOptions): Promise<Decision> {
  if (typeof input !== 'object' || (input as unknown) === null) return Promise.reject(invalidField('input', 'must be an object'))
  // The warm path: a subject in the cache was validated when it was loaded, so its id needs no
  // second look; only the operation is checked before the answer.
  const operation: unknown = input.operation
  if (options === undefined && (operation === undefined || operation === 'process' || operation === 'store')) {
    const cached = ledger.cachedState(input.subject)
    if (cached !== undefined) return Promise.resolve(decide(policy, compiledFor(policy, cached), input))
  }
  const problem = validateSubject(input.subject)
  if (problem !== null) return Promise.reject(invalidField('subject', problem))
  if (operation !== undefined && operation !== 'process' && operation !== 'store') {
    return Promise.reject(invalidField('operation', 'must be "process" or "store"'))
  }
  return answer(policy, ledger, input, options)
}

/** From the cache when it may answer (no I/O), else from `state()`; a malformed option rejects. */
async function answer<P extends Policy>(policy: P, ledger: Ledger<P>, input: CheckInput<P>, options: ConsistencyOptions | undefined): Promise<Decision> {
  const cached = ledger.cachedState(input.subject, options)
  if (cached !== undefined) return decide(policy, compiledFor(policy, cached), input)
  return decide(policy, await ledger.state(input.subject, options), input)
}

// A cached state, compiled once for the many checks it answers. The cache replaces a subject's
// state object on every change (never edits one in place), so a compiled snapshot keyed by the
// object is as current as the object; the last one is kept at hand for a burst about one subject.
const compiledStates = new WeakMap<SubjectState, CompiledSubjectState>()
let lastState: SubjectState | undefined
let lastCompiled: CompiledSubjectState | undefined

function compiledFor(policy: Policy, state: SubjectState): CompiledSubjectState {
  if (state === lastState && lastCompiled?.policy === policy) return lastCompiled
  let compiled = compiledStates.get(state)
  if (compiled?.policy !== policy) {
    compiled = compileSubjectState(policy, state)
    compiledStates.set(state, compiled)
  }
  lastState = state
  lastCompiled = compiled
  return compiled
}

/**
 * Like {@link checkProcessing}, but throws when denied.
 *
 * @throws {@link ProcessingDeniedError} with the decision's reason.
 * @example
 * await assertProcessing(policy, ledger, { subject: 'u_42', purpose: 'transactional_sms', category: 'identifiers' })
 */
export async function assertProcessing<P extends Policy>(policy: P, ledger: Ledger<P>, input: CheckInput<P>, options?: ConsistencyOptions): Promise<Decision> {
  const decision = await checkProcessing(policy, ledger, input, options)
  if (!decision.allowed) {
    throw new ProcessingDeniedError(decision.reason, `processing ${input.category} for ${input.purpose} is not allowed for ${input.subject}: ${decision.reason}`)
  }
  return decision
}
