import { deepFreeze } from './deep-freeze.js'
import type { PolicyDefinition, TypedPolicy } from './policy.js'

/**
 * Types and deep-freezes a policy written as data, WITHOUT validating it: `definePolicy`'s
 * compile-time checks (literal ids, references typed by the declared ids) at no run-time cost,
 * and no zod in the bundle. It is for a policy that is validated before it ships: a package's
 * build or test must run `parsePolicy` on it and check that parsing changes nothing (every
 * default written out), because the returned type claims a validated policy. `@onmion/privacy-policy`
 * does exactly that, so a browser that imports Onmion's policy downloads its data, not the validator.
 * Anything read at run time (a file, a request) goes through `parsePolicy` instead.
 *
 * @example
 * // policy.ts, shipped to browsers
 * export const policy = definePolicyData({ meta: {...}, dataCategories: [...], ... })
 * // policy.test.ts, run by the build
 * expect(parsePolicy(JSON.parse(JSON.stringify(policy)))).toStrictEqual(policy)
 */
export function definePolicyData<C extends string, P extends string, R extends string, K extends string, T extends string>(
  input: PolicyDefinition<C, P, R, K, T>,
): TypedPolicy<C, P, R, K, T> {
  return deepFreeze(input) as unknown as TypedPolicy<C, P, R, K, T>
}
