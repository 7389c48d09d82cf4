import type { DecisionReason } from '@onmion/privacy-schema'
import type { z } from 'zod'

/**
 * Codes of the errors this package throws. Each feature adds its codes here (one line each).
 *
 * @example
 * if (isPrivacyError(e) && e.code === PrivacyErrorCode.INVALID_INPUT) reply(400, e.field)
 */
export const PrivacyErrorCode = {
  /** An argument failed validation; `field` names it and nothing was written. */
  INVALID_INPUT: 'INVALID_INPUT',
  /** The policy does not allow the processing asked about; see `ProcessingDeniedError.reason`. */
  PROCESSING_DENIED: 'PROCESSING_DENIED',
  /** Something looked up does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** The write conflicts with what is stored (an idempotency key reused for another event). */
  CONFLICT: 'CONFLICT',
  /** The SDK is not configured for what was asked (no encryption keys, a bad database URL). */
  CONFIGURATION: 'CONFIGURATION',
  /** A stored value could not be read back (a missing key id, a failed decryption). */
  INTEGRITY: 'INTEGRITY',
  /** The database failed. */
  STORAGE: 'STORAGE',
  /** A rights request cannot make that move (a closed request, a skipped step, a second extension). */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** The SMS send gate refused a message (opted out, no consent); see `SmsRefusedError.reason`. */
  SMS_REFUSED: 'SMS_REFUSED',
  /** The SMS transport failed to hand a message to the provider; see `SmsTransportError.status`. */
  SMS_TRANSPORT: 'SMS_TRANSPORT',
} as const
export type PrivacyErrorCode = (typeof PrivacyErrorCode)[keyof typeof PrivacyErrorCode]

/**
 * Options every {@link PrivacyError} takes.
 *
 * @example
 * new PrivacyError('INVALID_INPUT', 'subject: must be an opaque id', { field: 'subject', detail: 'must be an opaque id' })
 */
export interface PrivacyErrorOptions {
  /** For input errors: the dotted path of the bad field (`subject`, `evidence.formId`, `events[3].purpose`). */
  field?: string
  /**
   * What is wrong, without the field's path (default: the message, less a leading `field: `).
   * An HTTP layer names the field its own way and uses this text after it.
   */
  detail?: string
  cause?: unknown
}

/**
 * Every error this package throws on purpose. `code` says what kind; `field` names the bad
 * argument of an input error; `message` is whole (`"subject: must be an opaque id"`) and
 * `detail` is what is wrong without the field (`"must be an opaque id"`).
 *
 * @example
 * try { await privacy.record(input) } catch (e) {
 *   if (e instanceof PrivacyError && e.code === 'INVALID_INPUT') return c.json({ field: e.field }, 400)
 *   throw e
 * }
 */
export class PrivacyError extends Error {
  override readonly name: string = 'PrivacyError'
  readonly code: PrivacyErrorCode
  readonly field: string | undefined
  readonly detail: string

  constructor(code: PrivacyErrorCode, message: string, options: PrivacyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.field = options.field
    const prefix = options.field === undefined ? undefined : `${options.field}: `
    this.detail = options.detail ?? (prefix !== undefined && message.startsWith(prefix) ? message.slice(prefix.length) : message)
  }
}

/**
 * Thrown by `privacy.assert()` when the policy does not allow the processing: `reason` is the
 * decision's reason (`consent_missing`, `objected`, ...).
 *
 * @example
 * try { await privacy.assert({ subject, purpose: 'analytics', category: 'usage_data' }) } catch (e) {
 *   if (e instanceof ProcessingDeniedError) log.info({ reason: e.reason })
 * }
 */
export class ProcessingDeniedError extends PrivacyError {
  override readonly name: string = 'ProcessingDeniedError'
  readonly reason: DecisionReason

  constructor(reason: DecisionReason, message: string) {
    super(PrivacyErrorCode.PROCESSING_DENIED, message)
    this.reason = reason
  }
}

/**
 * Recognizes a {@link PrivacyError} by name and code, so two copies of this package agree.
 *
 * @example
 * if (isPrivacyError(e) && e.code === 'NOT_FOUND') return c.notFound()
 */
export function isPrivacyError(error: unknown): error is PrivacyError {
  if (!(error instanceof Error)) return false
  const code: unknown = (error as Error & { code?: unknown }).code
  return typeof code === 'string' && (Object.values(PrivacyErrorCode) as string[]).includes(code) && error.name.endsWith('Error') && 'field' in error
}

/**
 * Builds an INVALID_INPUT error from a zod error, naming the first bad field by its path
 * (prefixed with `prefix`, e.g. `events[3]`).
 *
 * @example
 * const parsed = Schema.safeParse(input)
 * if (!parsed.success) throw invalidInput(parsed.error)
 */
export function invalidInput(error: z.ZodError, prefix = ''): PrivacyError {
  const issue = error.issues[0]
  // An unknown key is named by itself, so the field points at what to remove.
  const extra = issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : []
  const path = formatPath(prefix, [...(issue?.path ?? []), ...extra]) || 'input'
  const message = issue?.code === 'unrecognized_keys' ? 'is not a field of this event' : (issue?.message ?? 'invalid input')
  return new PrivacyError(PrivacyErrorCode.INVALID_INPUT, `${path}: ${message}`, { field: path, detail: message, cause: error })
}

/**
 * Builds an INVALID_INPUT error for one named field.
 *
 * @example
 * throw invalidField('occurredAt', 'is more than 5 minutes in the future')
 */
export function invalidField(field: string, message: string): PrivacyError {
  return new PrivacyError(PrivacyErrorCode.INVALID_INPUT, `${field}: ${message}`, { field, detail: message })
}

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out
}
