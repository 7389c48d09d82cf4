import { findUnsafeInput } from '@onmion/privacy-schema'
import { HttpProblem, fieldPath } from './problem.js'

/**
 * Refuses a request part holding what the database cannot store or a parser could choke on, by
 * the schema package's one rule ({@link findUnsafeInput}: NUL and lone surrogates, reserved keys
 * such as `__proto__`, nesting past 32 levels, non-finite numbers), walked without recursion. It
 * runs on every path, query and JSON body before any zod schema sees them, so a hostile value is
 * a 400 naming its field, never a 500 or a 503.
 *
 * @throws {@link HttpProblem} 400 `invalid-input` naming the field (`body.evidence.note`).
 * @example
 * refuseUnsafeInput('body', await readJsonBody(c))
 */
export function refuseUnsafeInput(part: 'body' | 'query' | 'path' | 'header', value: unknown): void {
  const problem = findUnsafeInput(value)
  if (problem === undefined) return
  // A query parameter is named by itself, whichever of its repeated values is at fault.
  const field = fieldPath(part, part === 'query' ? problem.path.slice(0, 1) : problem.path)
  throw new HttpProblem(400, 'invalid-input', `${field}: ${problem.message}`, { errors: [{ field, message: problem.message }] })
}
