/**
 * Freezes a value and everything it holds, so a policy shared by every module of a page or
 * service cannot be changed by one of them.
 *
 * @example deepFreeze({ a: [1] }).a.push(2) // throws: frozen
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
