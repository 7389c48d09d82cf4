import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createApp } from '../src/http/app.js'
import { listen, type RunningHttpServer } from '../src/http/http-server.js'
import { buildOpenApi } from '../src/http/openapi.js'
import { defineRoute, type AnyRoute } from '../src/http/route.js'
import { docsRoutes } from '../src/routes/docs.js'
import { ContractViolation } from './contract.js'
import { client, takeContractViolations } from './harness.js'

/**
 * The contract check must fail on a route that answers what its document does not say. A real
 * app (the service's own edge, document and docs routes) serves one drifting route; the
 * harness client, the one every service suite uses, must refuse each kind of drift.
 */
const ANSWERS = ['documented', 'wrong-type', 'extra-field', 'undocumented-status', 'wrong-media-type', 'not-json', 'no-body-documented'] as const

const drifting = defineRoute({
  method: 'get',
  path: '/v1/drifting/{answer}',
  operationId: 'drifting',
  summary: 'Answers what the test asks for, documented or not',
  tag: 'test',
  access: { kind: 'public' },
  params: z.object({ answer: z.enum(ANSWERS) }),
  responses: {
    200: { description: 'ok', schema: z.object({ ok: z.boolean() }) },
    202: { description: 'accepted, no body' },
  },
  handler: ({ c, params }) => {
    switch (params.answer) {
      case 'documented':
        return c.json({ ok: true })
      case 'wrong-type':
        return c.json({ ok: 'yes' })
      case 'extra-field':
        return c.json({ ok: true, internalId: 42 })
      case 'undocumented-status':
        return c.json({ ok: true }, 418 as 200)
      case 'wrong-media-type':
        return c.text('ok')
      case 'not-json':
        return c.body('{"ok": tru', 200, { 'content-type': 'application/json' })
      case 'no-body-documented':
        return c.json({ ok: true }, 202)
    }
  },
})

describe('the contract check of the test harness', () => {
  let server: RunningHttpServer
  let call: ReturnType<typeof client>

  beforeAll(async () => {
    const routes: AnyRoute[] = [drifting, ...docsRoutes(() => document)]
    const document = buildOpenApi(routes, { title: 'drift', version: '0.0.0', description: 'a route that drifts from its document' })
    const app = createApp({
      routes,
      authenticator: { authenticate: () => Promise.resolve(null) },
      logger: pino({ level: 'silent' }),
      bodyLimit: 1024,
      rateLimit: { perSecond: 1000, burst: 1000 },
      publicRateLimit: { perSecond: 1000, burst: 1000 },
      allowedOrigins: [],
    })
    // A route the document does not know at all.
    app.get('/v1/undocumented', (c) => c.json({ hello: 'world' }))
    server = await listen(app, { port: 0, host: '127.0.0.1' })
    call = client(server.url)
  })

  afterAll(async () => {
    await server.close(1000)
  })

  it('passes answers the document describes, including problems for bad input and unknown routes', async () => {
    expect((await call('GET', '/v1/drifting/documented')).json).toEqual({ ok: true })
    expect((await call('GET', '/v1/drifting/not-an-answer')).status).toBe(400)
    expect((await call('GET', '/v1/nothing-here')).status).toBe(404)
    expect(takeContractViolations()).toEqual([])
  })

  it.each([
    ['wrong-type', /\/ok must be boolean/],
    ['extra-field', /must NOT have additional properties \(internalId\)/],
    ['undocumented-status', /status 418 is not documented for GET \/v1\/drifting\/\{answer\} \(documented: 200, 202, 400, 429\)/],
    ['wrong-media-type', /content-type "text\/plain" is not documented/],
    ['not-json', /documents JSON, but the body is not/],
    ['no-body-documented', /documents no body for 202, but one came/],
  ])('refuses an answer that drifts from the document: %s', async (answer, message) => {
    const request = call('GET', `/v1/drifting/${answer}`)
    await expect(request).rejects.toThrow(ContractViolation)
    await expect(request).rejects.toThrow(message)
    // The violation is also recorded, so a test that swallowed the error still fails.
    expect(takeContractViolations()).toHaveLength(1)
  })

  it('refuses a route the document does not describe', async () => {
    await expect(call('GET', '/v1/undocumented')).rejects.toThrow(/the document has no operation for it/)
    expect(takeContractViolations()).toHaveLength(1)
  })
})
