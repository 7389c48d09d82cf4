import { PrivacyError } from '@onmion/privacy-server'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { createApp } from './app.js'
import { HttpProblem } from './problem.js'
import { sdkCall } from './privacy-problem.js'
import { defineRoute } from './route.js'

function appWith(fail: () => Promise<never>) {
  const lines: string[] = []
  const logger = createLogger({ level: 'info' }, { write: (line: string) => void lines.push(line) })
  const route = defineRoute({
    method: 'get',
    path: '/v1/fail',
    operationId: 'fail',
    summary: 'fails',
    tag: 'test',
    access: { kind: 'public' },
    responses: { 200: { description: 'never' } },
    handler: () => sdkCall('body', fail),
  })
  const app = createApp({
    routes: [route],
    authenticator: { authenticate: () => Promise.resolve(null) },
    logger,
    bodyLimit: 1024,
    rateLimit: { perSecond: 100, burst: 100 },
    publicRateLimit: { perSecond: 100, burst: 100 },
    allowedOrigins: [],
  })
  return { app, lines }
}

describe('database failures', () => {
  it('answers 503 with Retry-After when the database is unreachable, and logs the cause', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    const { app, lines } = appWith(() => Promise.reject(new PrivacyError('STORAGE', 'ledger write failed', { cause: refused })))
    const answer = await app.request('/v1/fail')
    expect(answer.status).toBe(503)
    expect(answer.headers.get('retry-after')).toBe('1')
    expect(lines.join('\n')).toContain('ECONNREFUSED 127.0.0.1:5432')
  })

  it('answers 503 for an unreachable database on a read that throws the driver error itself', async () => {
    const { app, lines } = appWith(() => Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })))
    expect((await app.request('/v1/fail')).status).toBe(503)
    expect(lines.join('\n')).toContain('terminating connection')
  })

  it('answers 500 without Retry-After for a statement the database refused (a retry cannot succeed)', async () => {
    const { app } = appWith(() => Promise.reject(Object.assign(new Error('date/time field value out of range'), { code: '22008' })))
    const answer = await app.request('/v1/fail')
    expect(answer.status).toBe(500)
    expect(answer.headers.get('retry-after')).toBeNull()
  })
})

describe('a 5xx problem without a cause', () => {
  it('is logged as a warning naming what to configure, with no stack', async () => {
    const { app, lines } = appWith(() => Promise.reject(new HttpProblem(503, 'unavailable', 'webhook verification is not configured (VONAGE_SIGNATURE_SECRET); nothing was recorded')))
    expect((await app.request('/v1/fail')).status).toBe(503)
    const logged = lines.map((line) => JSON.parse(line) as { level: number | string; msg: string; err?: unknown })
    const line = logged.find((entry) => entry.msg.includes('webhook verification is not configured'))
    expect(line).toBeDefined()
    expect(line?.err).toBeUndefined()
    expect(lines.join('\n')).not.toContain('"stack"')
    expect([40, 'warn']).toContain(line?.level)
  })
})
