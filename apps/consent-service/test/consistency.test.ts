import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'

const postgres = backends().find((b) => b.name === 'postgres')
const check = (subject: string) => ({ subject, purpose: 'analytics', category: 'usage_data' })
const event = (subject: string, type: 'consent.granted' | 'consent.withdrawn') => ({ subject, type, purpose: 'analytics', method: 'web_form' })

// Two service processes on one PostgreSQL database, as behind a load balancer.
describe.skipIf(postgres === undefined)('consistency tokens across two service processes [postgres]', () => {
  let db: TestDatabase
  let a: ServiceProcess
  let b: ServiceProcess
  let onA: ReturnType<typeof client>
  let onB: ReturnType<typeof client>

  beforeAll(async () => {
    db = await postgres!.create()
    a = await startService(db.env)
    b = await startService(db.env)
    const adminKey = a.adminKey ?? b.adminKey
    onA = client(a.url, adminKey)
    onB = client(b.url, adminKey)
  }, 300_000)
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()])
    await db.drop()
  })

  it('a write answers with its token (header and body); B answers at least that new with it, 0 stale in 200 rounds', async () => {
    const subjects = Array.from({ length: 4 }, (_, i) => `u_http_${i}`)
    let stale = 0
    let rounds = 0
    await Promise.all(
      subjects.map(async (subject) => {
        expect((await onB('POST', '/v1/decisions', { checks: [check(subject)] })).json.decisions[0].reason).toBe('consent_missing') // warm on B
        for (let round = 0; round < 50; round++) {
          const granting = round % 2 === 0
          const written = await onA('POST', '/v1/consent-events', event(subject, granting ? 'consent.granted' : 'consent.withdrawn'))
          expect(written.status).toBe(201)
          const token: string = written.json.consistencyToken
          expect(written.headers.get('onmion-consistency-token')).toBe(token)
          // Alternate the ways a caller can pass it: the body field, the header, and 'strong'.
          const asked =
            round % 3 === 0
              ? await onB('POST', '/v1/decisions', { checks: [check(subject)], atLeast: token })
              : round % 3 === 1
                ? await onB('POST', '/v1/decisions', { checks: [check(subject)] }, { 'onmion-consistency-token': token })
                : await onB('POST', '/v1/decisions', { checks: [check(subject)], consistency: 'strong' })
          if (asked.json.decisions[0].reason !== (granting ? 'allowed_consent' : 'consent_withdrawn')) stale++
          rounds++
        }
      }),
    )
    expect(rounds).toBe(200)
    expect(stale).toBe(0)
  }, 600_000)

  it('reads of the state take the header; a batch answers with one token for all its subjects; a malformed token is a 400 naming it', async () => {
    const batch = await onA('POST', '/v1/consent-events', { events: [event('u_http_x', 'consent.granted'), event('u_http_y', 'consent.granted')] })
    expect(batch.status).toBe(201)
    const token: string = batch.json.consistencyToken
    expect(batch.headers.get('onmion-consistency-token')).toBe(token)
    const state = await onB('GET', '/v1/subjects/u_http_y/consent', undefined, { 'onmion-consistency-token': token })
    expect(state.json.consents).toEqual({ analytics: 'granted' })
    const decided = await onB('POST', '/v1/decisions', { checks: [check('u_http_x'), check('u_http_y')], atLeast: token })
    expect(decided.json.decisions.map((d: { reason: string }) => d.reason)).toEqual(['allowed_consent', 'allowed_consent'])

    const badHeader = await onB('POST', '/v1/decisions', { checks: [check('u_http_x')] }, { 'onmion-consistency-token': 'nope' })
    expect(badHeader.status).toBe(400)
    expect(badHeader.json.errors[0].field).toBe('header.onmion-consistency-token')
    // The message is the SDK's detail under the request's own field, never the SDK's parameter name.
    expect(badHeader.json.errors[0].message).not.toMatch(/^(tokens|atLeast):/)
    expect(badHeader.json.detail).toBe(`header.onmion-consistency-token: ${badHeader.json.errors[0].message}`)
    const badBody = await onB('POST', '/v1/decisions', { checks: [check('u_http_x')], atLeast: 'nope' })
    expect(badBody.status).toBe(400)
    expect(badBody.json.errors[0].field).toBe('body.atLeast')
    const badMode = await onB('POST', '/v1/decisions', { checks: [check('u_http_x')], consistency: 'eventual' })
    expect(badMode.status).toBe(400)
    expect(badMode.json.errors[0].field).toBe('body.consistency')
  })

  it('documents the token in the OpenAPI document', async () => {
    const doc = JSON.stringify((await onA('GET', '/openapi.json')).json)
    expect(doc).toContain('Onmion-Consistency-Token')
    expect(doc).toContain('atLeast')
    expect(doc).toContain('consistencyToken')
  })
})
