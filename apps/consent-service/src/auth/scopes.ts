import { z } from 'zod'

/**
 * What an API key may do. Least privilege: a service that reads consent cannot write it.
 * `admin` implies every other scope.
 *
 * @example
 * Scope.parse('consent:read')
 */
export const Scope = z.enum(['consent:read', 'consent:write', 'decisions', 'rights:manage', 'retention:run', 'admin'])
export type Scope = z.infer<typeof Scope>

/**
 * Every scope, in the order the README lists them.
 *
 * @example
 * SCOPES.join(', ') // 'consent:read, consent:write, decisions, rights:manage, retention:run, admin'
 */
export const SCOPES: readonly Scope[] = Scope.options

/**
 * A secret key is for servers and carries scopes; a publishable key is meant to be shipped to
 * browsers and may only write `cookies.choice` events for the subject named in its request.
 *
 * @example
 * KeyKind.parse('publishable')
 */
export const KeyKind = z.enum(['secret', 'publishable'])
export type KeyKind = z.infer<typeof KeyKind>

/**
 * Whether a key holding `granted` scopes may use an endpoint that needs `needed`.
 *
 * @example
 * hasScope(['admin'], 'consent:read') // true
 * hasScope(['consent:read'], 'consent:write') // false
 */
export function hasScope(granted: readonly Scope[], needed: Scope): boolean {
  return granted.includes(needed) || granted.includes('admin')
}
