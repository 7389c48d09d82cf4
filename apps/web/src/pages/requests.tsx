// `/full`: the rights' names and descriptions are not in the banner's share of the policy.
import { onmionPolicy } from '@onmion/privacy-policy/full'
import { useState, type ReactNode, type SyntheticEvent } from 'react'
import { serviceUrl } from '../service-url.js'

interface PublicRequest {
  id: string
  type: string
  status: string
  receivedAt: string
  dueAt: string
  deadlineRule: string
  closedAt: string | null
  identity: { method: string; verifiedAt: string }
  bundleAvailable: boolean
  /** "no personal data held": the request was answered and closed at once. */
  answer: string | null
}

type Step = { kind: 'form' } | { kind: 'code'; challenge: string; email: string } | { kind: 'request'; token: string; request: PublicRequest }

// The regions whose laws set a response clock, and "elsewhere": the service maps them to laws.
const REGIONS: readonly [string, string][] = [
  ['US-CA', 'United States: California'],
  ['US-CO', 'United States: Colorado'],
  ['US-CT', 'United States: Connecticut'],
  ['US-OR', 'United States: Oregon'],
  ['US-TX', 'United States: Texas'],
  ['US-VA', 'United States: Virginia'],
  ['US', 'United States: another state'],
  ['BR', 'Brazil'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['IE', 'Ireland'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
  ['NL', 'Netherlands'],
  ['GB', 'United Kingdom'],
  ['ZZ', 'Another country'],
]

const STATUS_WORDS: Record<string, string> = {
  received: 'received',
  identity_verified: 'identity verified',
  in_progress: 'in progress',
  completed: 'completed',
  denied: 'denied',
}

const TOKEN_KEY = 'onmion_rights_request_token'
const field = (data: FormData, name: string): string => {
  const value = data.get(name)
  return typeof value === 'string' ? value : ''
}
const detail = (body: Record<string, unknown>, fallback: string): string => (typeof body.detail === 'string' ? body.detail : fallback)
const day = (iso: string): string => new Date(iso).toISOString().slice(0, 10)

async function call(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${serviceUrl ?? ''}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  return { status: response.status, body }
}

/**
 * `/privacy/requests`: a person picks a right, gives an email address and where they live, and
 * confirms with the code emailed to them; the request is then open, and its status (and, for an
 * access or portability request once fulfilled, the data) stays readable from this page.
 */
export function RequestsPage(): ReactNode {
  const [step, setStep] = useState<Step>({ kind: 'form' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  if (serviceUrl === undefined) {
    return (
      <article>
        <h1>Your privacy requests</h1>
        <p>Write to privacy@onmion.com to exercise your rights; we respond within 30 days.</p>
      </article>
    )
  }

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch {
      setError('The request service could not be reached. Please try again.')
    } finally {
      setBusy(false)
    }
  }

  const start = (event: SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const email = field(data, 'email')
    void run(async () => {
      const answer = await call('/v1/rights/requests/start', { method: 'POST', body: JSON.stringify({ right: field(data, 'right'), email, region: field(data, 'region') }) })
      if (answer.status === 202) setStep({ kind: 'code', challenge: typeof answer.body.challenge === 'string' ? answer.body.challenge : '', email })
      else setError(detail(answer.body, 'The code could not be sent.'))
    })
  }

  const verify = (event: SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault()
    if (step.kind !== 'code') return
    const code = field(new FormData(event.currentTarget), 'code').trim()
    void run(async () => {
      const answer = await call('/v1/rights/requests/verify', { method: 'POST', body: JSON.stringify({ challenge: step.challenge, code }) })
      if (answer.status === 201) {
        const token = typeof answer.body.token === 'string' ? answer.body.token : ''
        sessionStorage.setItem(TOKEN_KEY, token)
        setStep({ kind: 'request', token, request: answer.body.request as PublicRequest })
      } else {
        setError(detail(answer.body, 'The code was not accepted.'))
      }
    })
  }

  const refresh = (): void => {
    if (step.kind !== 'request') return
    void run(async () => {
      const answer = await call('/v1/rights/requests/status', { headers: { authorization: `Bearer ${step.token}` } })
      if (answer.status === 200) setStep({ ...step, request: answer.body as unknown as PublicRequest })
    })
  }

  const download = (): void => {
    if (step.kind !== 'request') return
    void run(async () => {
      const response = await fetch(`${serviceUrl}/v1/rights/requests/export`, { headers: { authorization: `Bearer ${step.token}` } })
      const url = URL.createObjectURL(await response.blob())
      const link = document.createElement('a')
      link.href = url
      link.download = `onmion-${step.request.id}.json`
      link.click()
      URL.revokeObjectURL(url)
    })
  }

  return (
    <article className="requests">
      <h1>Your privacy requests</h1>
      {error === null ? null : (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {step.kind === 'form' ? (
        <form onSubmit={start} aria-label="Privacy request">
          <fieldset>
            <legend>What would you like to do?</legend>
            {onmionPolicy.rights.types.map((right, i) => (
              <label key={right.id} className="choice">
                <input type="radio" name="right" value={right.id} defaultChecked={i === 0} required /> {right.name}: {right.description}
              </label>
            ))}
          </fieldset>
          <label>
            Email address <input type="email" name="email" autoComplete="email" required />
          </label>
          <label>
            Where you live{' '}
            <select name="region" required defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {REGIONS.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <p>We email you a code to confirm that the address is yours. Nothing about you is looked up before you confirm.</p>
          <button type="submit" disabled={busy}>
            Send me a code
          </button>
        </form>
      ) : null}
      {step.kind === 'code' ? (
        <form onSubmit={verify} aria-label="Confirm your request">
          <p>We sent a 6-digit code to {step.email}. It is valid for a limited time and can be used once.</p>
          <label>
            Code <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" required />
          </label>
          <button type="submit" disabled={busy}>
            Confirm
          </button>
        </form>
      ) : null}
      {step.kind === 'request' ? (
        <section aria-label="Your request" aria-live="polite">
          <h2>Request {step.request.id}</h2>
          <dl>
            <dt>Status</dt>
            <dd data-testid="request-status">{STATUS_WORDS[step.request.status] ?? step.request.status}</dd>
            <dt>Received</dt>
            <dd data-testid="request-received">{day(step.request.receivedAt)}</dd>
            <dt>We answer by</dt>
            <dd data-testid="request-due">{day(step.request.dueAt)}</dd>
            <dt>Identity</dt>
            <dd>confirmed by an emailed code on {day(step.request.identity.verifiedAt)}</dd>
            {step.request.answer !== null ? (
              <>
                <dt>Our answer</dt>
                <dd data-testid="request-answer">We hold no personal data about this address.</dd>
              </>
            ) : null}
          </dl>
          <button type="button" onClick={refresh} disabled={busy}>
            Refresh status
          </button>{' '}
          {step.request.bundleAvailable ? (
            <button type="button" onClick={download} disabled={busy}>
              Download your data
            </button>
          ) : null}
        </section>
      ) : null}
    </article>
  )
}
