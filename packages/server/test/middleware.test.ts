import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { onmionPolicy } from '@onmion/privacy-policy'
import { encodeConsentCookie, type ConsentCookie } from '@onmion/privacy-schema'
import express, { type NextFunction, type Request, type Response } from 'express'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expressPrivacy } from '../src/express.js'
import { honoPrivacy, type PrivacyEnv } from '../src/hono.js'
import { createPrivacy, isPrivacyError, type Privacy } from '../src/index.js'
import { describeBackends } from './backends.js'

const CONSENT_ID = 'c_AAAAAAAAAAAAAAAAAAAAAA'

function consentCookie(choices: Record<string, boolean>, id = CONSENT_ID): string {
  const value: ConsentCookie = { version: onmionPolicy.meta.version, choices, at: '2026-11-01T12:00:00.000Z', id: id as ConsentCookie['id'], gpc: false }
  return `theme=dark; onmion_consent=${encodeConsentCookie(value)}; other=1`
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    const ready = (): void => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    if (server.listening) ready()
    else server.once('listening', ready)
  })
}

describeBackends('middleware over HTTP', (openBackend) => {
  let privacy: Privacy<typeof onmionPolicy>
  const servers: Server[] = []
  const bases: Record<'hono' | 'express', string> = { hono: '', express: '' }

  beforeAll(async () => {
    privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database })

    const hono = new Hono<PrivacyEnv<typeof onmionPolicy>>()
    hono.use(honoPrivacy(privacy, { subject: (c) => c.req.header('x-user-id') }))
    hono.get('/ctx', (c) => {
      const p = c.get('privacy')
      return c.json({ gpc: p.gpc, subject: p.subject ?? null, cookies: p.cookies })
    })
    hono.get('/check/:purpose/:category', async (c) =>
      c.json(await c.get('privacy').check({ purpose: c.req.param('purpose') as 'analytics', category: c.req.param('category') as 'usage_data' })),
    )
    hono.get('/assert', async (c) => {
      try {
        await c.get('privacy').assert({ purpose: 'analytics', category: 'usage_data' })
        return c.json({ ok: true })
      } catch (error) {
        if (isPrivacyError(error)) return c.json({ ok: false, code: error.code, reason: (error as { reason?: string }).reason }, 403)
        throw error
      }
    })
    const honoServer = serve({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' }) as Server
    servers.push(honoServer)
    bases.hono = await listen(honoServer)

    const app = express()
    app.use(expressPrivacy(privacy, { subject: (req) => req.headers['x-user-id'] as string | undefined }))
    app.get('/ctx', (req, res) => {
      res.json({ gpc: req.privacy.gpc, subject: req.privacy.subject ?? null, cookies: req.privacy.cookies })
    })
    app.get('/check/:purpose/:category', (req, res, next) => {
      req.privacy
        .check({ purpose: req.params.purpose, category: req.params.category })
        .then((d) => res.json(d), next)
    })
    app.get('/assert', (req, res, next) => {
      req.privacy.assert({ purpose: 'analytics', category: 'usage_data' }).then(
        () => res.json({ ok: true }),
        (error: unknown) => (isPrivacyError(error) ? res.status(403).json({ ok: false, code: error.code, reason: (error as { reason?: string }).reason }) : next(error)),
      )
    })
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      res.status(isPrivacyError(error) && error.code === 'INVALID_INPUT' ? 400 : 500).json({ error: 'invalid_subject' })
    })
    const expressServer = app.listen(0, '127.0.0.1')
    servers.push(expressServer)
    bases.express = await listen(expressServer)
  })

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
    await privacy.close()
  })

  for (const framework of ['hono', 'express'] as const) {
    describe(framework, () => {
      const get = (path: string, headers: Record<string, string> = {}): Promise<globalThis.Response> => fetch(`${bases[framework]}${path}`, { headers })

      it('without signals: no subject, only strictly necessary cookies, consent purposes denied', async () => {
        expect(await (await get('/ctx')).json()).toEqual({ gpc: false, subject: null, cookies: { strictly_necessary: true, preferences: false, analytics: false } })
        expect(await (await get('/check/analytics/usage_data')).json()).toMatchObject({ allowed: false, reason: 'consent_missing' })
        expect(await (await get('/check/service_delivery/usage_data')).json()).toMatchObject({ allowed: true })
      })

      it('reads the consent cookie: its id is the subject, its choices decide', async () => {
        const cookie = consentCookie({ strictly_necessary: true, preferences: false, analytics: true })
        expect(await (await get('/ctx', { cookie })).json()).toEqual({ gpc: false, subject: CONSENT_ID, cookies: { strictly_necessary: true, preferences: false, analytics: true } })
        expect(await (await get('/check/analytics/usage_data', { cookie })).json()).toEqual({ allowed: true, reason: 'allowed_consent', basis: 'consent' })
        const assert = await get('/assert', { cookie })
        expect([assert.status, await assert.json()]).toEqual([200, { ok: true }])
      })

      it('Sec-GPC: 1 refuses what the policy says GPC refuses, over the cookie', async () => {
        const cookie = consentCookie({ strictly_necessary: true, preferences: true, analytics: true })
        const ctx = await (await get('/ctx', { cookie, 'sec-gpc': '1' })).json()
        expect(ctx).toMatchObject({ gpc: true, cookies: { analytics: false, strictly_necessary: true } })
        expect(await (await get('/check/analytics/usage_data', { cookie, 'sec-gpc': '1' })).json()).toMatchObject({ allowed: false, reason: 'consent_withdrawn' })
        const assert = await get('/assert', { cookie, 'sec-gpc': '1' })
        expect([assert.status, await assert.json()]).toEqual([403, { ok: false, code: 'PROCESSING_DENIED', reason: 'consent_withdrawn' }])
      })

      it('ignores a tampered or foreign cookie', async () => {
        const cookie = 'onmion_consent=v1.bm90IGpzb24'
        expect(await (await get('/ctx', { cookie })).json()).toMatchObject({ subject: null, cookies: { analytics: false } })
      })

      it('combines the subject ledger state with the request', async () => {
        const user = `u_${framework}`
        await privacy.record({ subject: user, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
        expect(await (await get('/check/analytics/usage_data', { 'x-user-id': user })).json()).toMatchObject({ allowed: true })
        // The browser's stored refusal overrides the older ledger grant for this request.
        const refused = consentCookie({ strictly_necessary: true, preferences: false, analytics: false })
        expect(await (await get('/check/analytics/usage_data', { 'x-user-id': user, cookie: refused })).json()).toMatchObject({ allowed: false, reason: 'consent_withdrawn' })
        await privacy.record({ subject: user, type: 'restriction.set', method: 'rights_request' })
        expect(await (await get('/check/service_delivery/usage_data', { 'x-user-id': user })).json()).toMatchObject({ allowed: false, reason: 'restricted' })
      })

      it('answers 400 for a subject that is not a subject id', async () => {
        const response = await get('/ctx', { 'x-user-id': 'ann@example.com' })
        expect(response.status).toBe(400)
        expect(await response.json()).toMatchObject({ error: 'invalid_subject' })
      })
    })
  }
})
