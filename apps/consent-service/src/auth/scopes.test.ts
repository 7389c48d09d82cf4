import { describe, expect, it } from 'vitest'
import { createApp } from '../http/app.js'
import { defineRoute } from '../http/route.js'
import { createLogger } from '../logger.js'
import type { Principal } from './principal.js'
import { SCOPES, type Scope } from './scopes.js'

// Least privilege (policy section 8), through the service's own request path: each key reaches an
// endpoint only with that endpoint's scope (or admin); a publishable key only where a route allows it.
const KEYS: Record<string, Principal> = {
  reader: { keyId: 'k1', name: 'reader', kind: 'secret', scopes: ['consent:read'] },
  writer: { keyId: 'k2', name: 'writer', kind: 'secret', scopes: ['consent:write'] },
  admin: { keyId: 'k3', name: 'admin', kind: 'secret', scopes: ['admin'] },
  browser: { keyId: 'k4', name: 'browser', kind: 'publishable', scopes: [] },
}

function app() {
  const routes = SCOPES.map((scope) =>
    defineRoute({
      method: 'get',
      path: `/needs/${scope.replace(':', '-')}`,
      operationId: `needs_${scope}`,
      summary: scope,
      tag: 'test',
      access: { kind: 'key', scope, publishable: scope === 'consent:write' },
      responses: { 200: { description: 'allowed' } },
      handler: ({ c }) => c.json({ ok: true }),
    }),
  )
  return createApp({
    routes,
    authenticator: { authenticate: (secret) => Promise.resolve(KEYS[secret] ?? null) },
    logger: createLogger({ level: 'error' }, { write: () => undefined }),
    bodyLimit: 1024,
    rateLimit: { perSecond: 1000, burst: 1000 },
    publicRateLimit: { perSecond: 1000, burst: 1000 },
    allowedOrigins: [],
  })
}

describe('least privilege: what each key may reach', () => {
  const service = app()
  const status = async (key: string, scope: Scope) =>
    (await service.request(`/needs/${scope.replace(':', '-')}`, { headers: { authorization: `Bearer ${key}` } })).status

  it.each(Object.keys(KEYS))('the %s key reaches exactly its own scopes', async (key) => {
    const principal = KEYS[key]!
    for (const scope of SCOPES) {
      const allowed = principal.kind === 'publishable' ? scope === 'consent:write' : principal.scopes.includes(scope) || principal.scopes.includes('admin')
      expect(await status(key, scope), `${key} on ${scope}`).toBe(allowed ? 200 : 403)
    }
  })

  it('answers 401 without a valid key', async () => {
    expect(await status('nobody', 'consent:read')).toBe(401)
  })
})
