import type { Context } from 'hono'
import type { z } from 'zod'
import type { Principal } from '../auth/principal.js'
import type { Scope } from '../auth/scopes.js'
import type { AppEnv } from './env.js'

/**
 * Who may call a route: anyone (`public`), a key holding `scope` (a publishable key too when
 * `publishable` is set; the handler then narrows what it may do), or a caller proven by a
 * webhook signature (`signed`, verified by the handler before anything is recorded).
 */
export type Access = { readonly kind: 'public' } | { readonly kind: 'key'; readonly scope: Scope; readonly publishable?: boolean } | { readonly kind: 'signed' }

/** A documented response: its description and, for JSON answers, its schema. */
export interface ResponseSpec {
  readonly description: string
  /** A zod schema, or a JSON Schema `$ref` object for shared components. */
  readonly schema?: z.ZodType | { readonly $ref: string }
  /** Media type when not `application/json`. */
  readonly mediaType?: string
  /** The same answer is also served as `text/plain` (on `Accept: text/plain`). */
  readonly plainText?: boolean
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined

/** What a handler receives: the validated request parts and the authenticated caller. */
export interface HandlerInput<B, Q, P> {
  readonly c: Context<AppEnv>
  readonly body: Out<B>
  readonly query: Out<Q>
  readonly params: Out<P>
  /** The caller's key; `null` on public and signed routes. */
  readonly principal: Principal | null
}

/**
 * One HTTP operation: the single source of its validation, its handler and its OpenAPI entry.
 * `path` is written the OpenAPI way (`/v1/subjects/{subject}/consent`).
 */
export interface RouteDefinition<B extends z.ZodType | undefined = z.ZodType | undefined, Q extends z.ZodType | undefined = z.ZodType | undefined, P extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly method: 'get' | 'post'
  readonly path: `/${string}`
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tag: string
  readonly access: Access
  /** Called by the site from a browser: CORS for the allowed origins (`CONSENT_ALLOWED_ORIGINS`). */
  readonly browser?: boolean
  readonly body?: B
  readonly query?: Q
  readonly params?: P
  /**
   * For a body of several shapes (one event or a batch): picks the schema the value is meant to
   * match, so errors name that shape's fields instead of "matches no option".
   */
  selectBody?(value: unknown): z.ZodType
  /** The body is not JSON (a webhook taking form posts): the handler reads it itself. */
  readonly rawBody?: boolean
  readonly responses: Readonly<Record<number, ResponseSpec>>
  // A method (not a property) so a route with specific schemas is assignable to the list type.
  handler(input: HandlerInput<B, Q, P>): Promise<Response> | Response
}

/**
 * Declares a route with its types inferred from its schemas.
 *
 * @example
 * defineRoute({
 *   method: 'get', path: '/v1/policy', operationId: 'getPolicy', summary: 'The policy', tag: 'policy',
 *   access: { kind: 'public' }, responses: { 200: { description: 'the policy' } },
 *   handler: ({ c }) => c.json({ version: policy.meta.version }),
 * })
 */
export function defineRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  route: RouteDefinition<B, Q, P>,
): RouteDefinition<B, Q, P> {
  return route
}

/** Any route, as the registry holds them. */
export type AnyRoute = RouteDefinition<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>

/**
 * Turns an OpenAPI path into Hono's syntax.
 *
 * @example
 * honoPath('/v1/subjects/{subject}') // '/v1/subjects/:subject'
 */
export function honoPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')
}
