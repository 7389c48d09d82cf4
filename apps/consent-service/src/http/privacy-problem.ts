import { isPrivacyError } from '@onmion/privacy-server'
import { HttpProblem } from './problem.js'

/**
 * Turns an SDK error into the HTTP problem it means: bad input 400 naming the field under the
 * request part it came from, unknown 404, conflict or illegal transition 409, processing denied
 * 403, SMS provider failure 502, database trouble 503. Anything else is not the caller's fault and stays a 500.
 *
 * @example
 * await sdkCall('body', () => privacy.record(event))
 */
export function privacyProblem(error: unknown, part: 'body' | 'query' | 'path'): HttpProblem | undefined {
  if (!isPrivacyError(error)) return undefined
  switch (error.code) {
    case 'INVALID_INPUT': {
      const sdkField = error.field ?? ''
      const field = sdkField === '' ? part : `${part}.${sdkField}`
      // The SDK's message starts with its own field path; the problem names the request's.
      const message = sdkField !== '' && error.message.startsWith(`${sdkField}: `) ? error.message.slice(sdkField.length + 2) : error.message
      return new HttpProblem(400, 'invalid-input', `${field}: ${message}`, { errors: [{ field, message }], cause: error })
    }
    case 'NOT_FOUND':
      return new HttpProblem(404, 'not-found', error.message, { cause: error })
    case 'CONFLICT':
    case 'ILLEGAL_TRANSITION':
      return new HttpProblem(409, 'conflict', error.message, { cause: error })
    case 'PROCESSING_DENIED':
      return new HttpProblem(403, 'processing-denied', error.message, { cause: error })
    case 'SMS_TRANSPORT':
      return new HttpProblem(502, 'unavailable', 'the SMS provider failed; the webhook may be redelivered', { cause: error })
    case 'STORAGE':
      return new HttpProblem(503, 'unavailable', 'the database is unavailable; retry later', { cause: error, headers: { 'retry-after': '1' } })
    default:
      return undefined
  }
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
