/**
 * Codes of the errors this package throws.
 *
 * @example if (isPolicyValidationError(e) && e.code === SchemaErrorCode.POLICY_INVALID) reply(400, e.issues)
 */
export const SchemaErrorCode = {
  POLICY_INVALID: 'POLICY_INVALID',
} as const
export type SchemaErrorCode = (typeof SchemaErrorCode)[keyof typeof SchemaErrorCode]

/**
 * One problem found in a policy document: where, and what in plain words.
 *
 * @example const issue: PolicyIssue = { path: 'purposes.analytics.categories[1]', message: 'unknown data category "usage_data2"' }
 */
export interface PolicyIssue {
  /** Dotted path with entity ids in place of array indexes: `purposes.analytics.categories[1]`. */
  readonly path: string
  readonly message: string
}

/**
 * A policy document failed validation. `issues` lists every problem found, each with its path.
 *
 * @example
 * try { definePolicy(input) } catch (e) {
 *   if (isPolicyValidationError(e)) for (const i of e.issues) console.error(`${i.path}: ${i.message}`)
 * }
 */
export class PolicyValidationError extends Error {
  override readonly name = 'PolicyValidationError'
  readonly code = SchemaErrorCode.POLICY_INVALID
  readonly issues: readonly PolicyIssue[]

  constructor(issues: readonly PolicyIssue[], options?: { cause?: unknown }) {
    super(
      `invalid privacy policy (${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}):\n` +
        issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`).join('\n'),
      options,
    )
    this.issues = issues
  }
}

/**
 * Recognizes a {@link PolicyValidationError} by name, so two copies of this package agree.
 *
 * @example if (isPolicyValidationError(e)) reply(400, { issues: e.issues })
 */
export function isPolicyValidationError(error: unknown): error is PolicyValidationError {
  return error instanceof Error && error.name === 'PolicyValidationError' && Array.isArray((error as { issues?: unknown }).issues)
}
