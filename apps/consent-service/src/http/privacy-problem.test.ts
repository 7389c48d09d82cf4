import { PrivacyError, PrivacyErrorCode } from '@onmion/privacy-server'
import { describe, expect, it } from 'vitest'
import { privacyProblem } from './privacy-problem.js'

describe('privacyProblem', () => {
  it('answers every SDK error code: a problem, or undefined for the internal ones (a 500)', () => {
    const statuses = Object.values(PrivacyErrorCode).map((code) => [code, privacyProblem(new PrivacyError(code, `${code}: x`), 'body')?.status ?? 500])
    expect(Object.fromEntries(statuses)).toEqual({
      INVALID_INPUT: 400,
      PROCESSING_DENIED: 403,
      SMS_REFUSED: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      ILLEGAL_TRANSITION: 409,
      SMS_TRANSPORT: 502,
      STORAGE: 503,
      CONFIGURATION: 500,
      INTEGRITY: 500,
    })
  })

  it("names the request's field and uses the SDK's detail after it, without cutting message text", () => {
    const problem = privacyProblem(new PrivacyError('INVALID_INPUT', 'events[2].purpose: unknown purpose "x"', { field: 'events[2].purpose', detail: 'unknown purpose "x"' }), 'body')
    expect(problem).toMatchObject({ status: 400, message: 'body.events[2].purpose: unknown purpose "x"', errors: [{ field: 'body.events[2].purpose', message: 'unknown purpose "x"' }] })
    const prose = privacyProblem(new PrivacyError('INVALID_INPUT', 'subject: subject: looks like an email', { field: 'subject', detail: 'subject: looks like an email' }), 'query')
    expect(prose?.message).toBe('query.subject: subject: looks like an email')
  })

  it('leaves errors that are not the SDK’s to the error handler', () => {
    expect(privacyProblem(new Error('boom'), 'body')).toBeUndefined()
  })
})
