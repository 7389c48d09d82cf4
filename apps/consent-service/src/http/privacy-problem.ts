import { isPrivacyError, type PrivacyError, type PrivacyErrorCode } from '@onmion/privacy-server'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { HttpProblem, type ProblemType } from './problem.js'

/** How one SDK error code is answered: a problem of this status and type, or `internal` (a 500). */
type ProblemFor = { readonly status: ContentfulStatusCode; readonly type: ProblemType } | 'internal'

/**
 * Every SDK error code and the HTTP problem it means. A `Record` over the code union, so a code
 * added to the SDK without a line here does not compile (a `switch` with a default would answer
 * it with a 500 silently). `internal`: not the caller's fault (the SDK's configuration, a stored
 * value that cannot be read back); the error handler logs it and answers a 500 without internals.
 */
const PROBLEMS: Readonly<Record<PrivacyErrorCode, ProblemFor>> = {
  INVALID_INPUT: { status: 400, type: 'invalid-input' },
  PROCESSING_DENIED: { status: 403, type: 'processing-denied' },
  SMS_REFUSED: { status: 403, type: 'processing-denied' },
  NOT_FOUND: { status: 404, type: 'not-found' },
  CONFLICT: { status: 409, type: 'conflict' },
  ILLEGAL_TRANSITION: { status: 409, type: 'conflict' },
  SMS_TRANSPORT: { status: 502, type: 'unavailable' },
  STORAGE: { status: 503, type: 'unavailable' },
  CONFIGURATION: 'internal',
  INTEGRITY: 'internal',
}

/**
 * Turns an SDK error into the HTTP problem it means (see `PROBLEMS`): bad input 400 naming the
 * field under the request part it came from, unknown 404, conflict or illegal transition 409,
 * processing denied 403, SMS provider failure 502, database trouble 503. Anything else is not the
 * caller's fault and stays a 500 (undefined here).
 *
 * @example
 * await sdkCall('body', () => privacy.record(event))
 */
export function privacyProblem(error: unknown, part: 'body' | 'query' | 'path'): HttpProblem | undefined {
  if (!isPrivacyError(error)) return undefined
  const problem = PROBLEMS[error.code]
  if (problem === 'internal') return undefined
  return new HttpProblem(problem.status, problem.type, ...details(error, part, problem.status))
}

function details(error: PrivacyError, part: 'body' | 'query' | 'path', status: number): [string, ConstructorParameters<typeof HttpProblem>[3]] {
  if (error.code === 'INVALID_INPUT') {
    // The SDK names its own argument's field; the problem names the request's, with the SDK's `detail` after it.
    const field = error.field === undefined || error.field === '' ? part : `${part}.${error.field}`
    return [`${field}: ${error.detail}`, { errors: [{ field, message: error.detail }], cause: error }]
  }
  if (status === 502) return ['the SMS provider failed; the webhook may be redelivered', { cause: error }]
  if (status === 503) return ['the database is unavailable; retry later', { cause: error, headers: { 'retry-after': '1' } }]
  return [error.message, { cause: error }]
}

/**
 * Runs an SDK call, rethrowing its errors as problems (see {@link privacyProblem}).
 *
 * @example
 * const event = await sdkCall('body', () => privacy.record(input))
 */
export async function sdkCall<T>(part: 'body' | 'query' | 'path', call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw privacyProblem(error, part) ?? error
  }
}
