import { z } from 'zod'
import { ApiKeyError, type ApiKeyInfo, type ApiKeyStore } from '../auth/api-key-store.js'
import { KeyKind, Scope } from '../auth/scopes.js'
import { HttpProblem } from '../http/problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'

const KeyView = z.object({
  id: z.string(),
  name: z.string(),
  kind: KeyKind,
  scopes: z.array(Scope),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
}).meta({ id: 'ApiKey' })

/** What creating a key takes: a secret key needs scopes; a publishable key takes none. */
const CreateKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: KeyKind.default('secret'),
    scopes: z.array(Scope).default([]),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.kind === 'secret' && body.scopes.length === 0) ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'a secret key needs at least one scope' })
    if (body.kind === 'publishable' && body.scopes.length > 0) ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'a publishable key takes no scopes' })
  })

const view = (key: ApiKeyInfo): z.infer<typeof KeyView> => ({
  id: key.id,
  name: key.name,
  kind: key.kind,
  scopes: [...key.scopes],
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
})

/**
 * API key management over HTTP (admin), the same operations as `onmion-privacy keys`: needed
 * where the CLI cannot open the database next to the running service (embedded PGlite is one
 * process's database).
 *
 * @example
 * const routes = keyRoutes(apiKeys)
 */
export function keyRoutes(keys: ApiKeyStore): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/keys',
      operationId: 'createKey',
      summary: 'Create an API key (the key is in this answer only; it is stored as a hash)',
      tag: 'keys',
      access: { kind: 'key', scope: 'admin' },
      body: CreateKeyBody,
      responses: { 201: { description: 'created', schema: KeyView.extend({ key: z.string() }) } },
      handler: async ({ c, body }) => {
        const created = await keys.create(body)
        return c.json({ ...view(created), key: created.key }, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/keys',
      operationId: 'listKeys',
      summary: 'List API keys (never their secrets)',
      tag: 'keys',
      access: { kind: 'key', scope: 'admin' },
      responses: { 200: { description: 'the keys, newest first', schema: z.object({ keys: z.array(KeyView) }) } },
      handler: async ({ c }) => c.json({ keys: (await keys.list()).map(view) }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/keys/{id}/revoke',
      operationId: 'revokeKey',
      summary: 'Revoke an API key',
      tag: 'keys',
      access: { kind: 'key', scope: 'admin' },
      params: z.object({ id: z.string().regex(/^[a-f0-9]{16}$/, 'must be a key id (16 hex digits)') }),
      responses: { 200: { description: 'revoked', schema: KeyView }, 404: { description: 'no such key' } },
      handler: async ({ c, params }) => {
        try {
          return c.json(view(await keys.revoke(params.id)))
        } catch (error) {
          if (error instanceof ApiKeyError && error.code === 'NOT_FOUND') throw new HttpProblem(404, 'not-found', error.message, { cause: error })
          throw error
        }
      },
    }),
  ]
}
