import { findUnsafeInput, timestampProblem } from '@onmion/privacy-schema'
import { invalidField } from './errors.js'

/**
 * Refuses, before any schema or query sees it, an input the database cannot store or a parser
 * could choke on: the schema package's one rule (text with NUL or lone surrogates, reserved keys,
 * non-finite numbers, nesting or size past its limits), checked by a walk that no depth overflows.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming the field (prefixed with `prefix`).
 * @example
 * guardInput(input)                 // at the top of every public method taking outside input
 * guardInput(patch, 'patch')
 */
export function guardInput(value: unknown, prefix = ''): void {
  const problem = findUnsafeInput(value)
  if (problem === undefined) return
  let field = prefix
  for (const key of problem.path) field += typeof key === 'number' ? `[${key}]` : field === '' ? key : `.${key}`
  throw invalidField(field === '' ? 'input' : field, problem.message)
}

/**
 * Checks a time taken from outside against the accepted range (years 0001 to 9999).
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `field`.
 * @example
 * const at = guardTimestamp(input.at, 'at')
 */
export function guardTimestamp(value: Date, field: string): Date {
  const problem = timestampProblem(value)
  if (problem !== undefined) throw invalidField(field, problem)
  return value
}
