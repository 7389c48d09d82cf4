import { onmionPolicy } from '@onmion/privacy-policy'
import { describe, expect, it } from 'vitest'
import { createApp } from '../http/app.js'
import { createLogger } from '../logger.js'
import { loadPolicyTrace, traceRoutes, type PolicyTrace } from './trace.js'

function appWith(trace: PolicyTrace) {
  return createApp({
    routes: traceRoutes(onmionPolicy, trace),
    authenticator: { authenticate: () => Promise.resolve(null) },
    logger: createLogger({ level: 'error' }, { write: () => undefined }),
    bodyLimit: 1024,
    rateLimit: { perSecond: 100, burst: 100 },
    publicRateLimit: { perSecond: 100, burst: 100 },
    allowedOrigins: [],
  })
}

describe('the policy trace routes', () => {
  const trace = loadPolicyTrace()

  it('ship the trace of the policy version the service enforces', () => {
    expect(trace.policyVersion).toBe(onmionPolicy.meta.version)
    expect(trace.totals.statements).toBe(trace.statements.length)
  })

  it('escape the statements in the HTML page', async () => {
    const hostile = { ...trace, statements: [{ ...trace.statements[0]!, text: '<script>alert(1)</script>' }] }
    const page = await (await appWith(hostile).request('/privacy/trace')).text()
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script>')
  })

  it('answer 404 for a policy version the trace does not cover, rather than show another text’s trace', async () => {
    const app = appWith({ ...trace, policyVersion: '0.9.0' })
    for (const path of ['/privacy/trace', '/privacy/trace.json']) {
      const answer = await app.request(path)
      expect(answer.status).toBe(404)
      expect(await answer.json()).toMatchObject({ detail: expect.stringContaining('the shipped trace is for 0.9.0') })
    }
  })
})
