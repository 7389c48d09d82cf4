/**
 * Codes of the errors this package throws.
 *
 * @example
 * if (isConsentError(error) && error.code === ConsentErrorCode.UNKNOWN_CATEGORY) showUnknown(error.field)
 */
export const ConsentErrorCode = {
  /** A category the policy does not declare: unknown categories are never granted. */
  UNKNOWN_CATEGORY: 'UNKNOWN_CATEGORY',
  /** A strictly necessary category was refused: it is always granted. */
  REQUIRED_CATEGORY: 'REQUIRED_CATEGORY',
  /** A choice that is not `true` or `false`. */
  INVALID_CHOICE: 'INVALID_CHOICE',
  /** The policy declares no consent cookie and the options name none. */
  NO_CONSENT_COOKIE: 'NO_CONSENT_COOKIE',
} as const
export type ConsentErrorCode = (typeof ConsentErrorCode)[keyof typeof ConsentErrorCode]

/**
 * A consent call was refused; nothing was changed. `field` names the category (or option) at fault.
 *
 * @example
 * try { consent.set({ marketing: true }) } catch (e) {
 *   if (isConsentError(e) && e.code === 'UNKNOWN_CATEGORY') report(e.field)
 * }
 */
export class ConsentError extends Error {
  override readonly name = 'ConsentError'
  readonly code: ConsentErrorCode
  readonly field: string

  constructor(code: ConsentErrorCode, field: string, message: string) {
    super(message)
    this.code = code
    this.field = field
  }
}

/**
 * Recognizes a {@link ConsentError} by name, so two copies of this package agree.
 *
 * @example
 * if (isConsentError(error)) console.warn(error.code, error.field)
 */
export function isConsentError(error: unknown): error is ConsentError {
  return error instanceof Error && error.name === 'ConsentError' && typeof (error as { code?: unknown }).code === 'string'
}
