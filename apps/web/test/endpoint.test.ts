import { onmionPolicy } from '@onmion/privacy-policy'
import { decodeConsentCookie } from '@onmion/privacy-schema'
import { describe, expect, inject, it } from 'vitest'
import type { Received } from './collector.js'
import { usePage } from './browser.js'

// The site built with VITE_CONSENT_ENDPOINT pointing at a local stand-in of the consent
// service (test/collector.ts), on another origin, as in production.
const siteUrl = inject('endpointSiteUrl')
const collectorUrl = inject('collectorUrl')
const session = usePage({}, async () => {
  await fetch(`${collectorUrl}/__received`, { method: 'DELETE' })
})

const received = async (): Promise<Received[]> => (await (await fetch(`${collectorUrl}/__received`)).json()) as Received[]

async function until(check: (events: Received[]) => boolean, timeoutMs = 10_000): Promise<Received[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const events = await received()
    if (check(events)) return events
    if (Date.now() > deadline) throw new Error(`the collector did not receive what was expected: ${JSON.stringify(events)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('with a consent service', () => {
  it('posts each change with the publishable key, an idempotency key and the contract body', async () => {
    await session.page.goto(siteUrl)
    await session.page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' }).click()
    const [event] = await until((events) => events.length === 1)
    const consentId = decodeConsentCookie((await session.context.cookies()).find((c) => c.name === 'onmion_consent')?.value, onmionPolicy)?.id
    expect(event?.status).toBe(201)
    expect(event?.headers.authorization).toBe('Bearer pk_test_web')
    expect(event?.headers['content-type']).toBe('application/json')
    expect(event?.headers['idempotency-key']).toMatch(/^k_[A-Za-z0-9_-]{22}$/)
    expect(event?.body).toEqual({
      subject: consentId,
      type: 'cookies.choice',
      choices: { preferences: true, analytics: true },
      policyVersion: onmionPolicy.meta.version,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      method: 'cookie_banner',
      evidence: { source: 'banner', gpc: false },
    })

    await session.page.getByRole('button', { name: 'Cookie preferences' }).click()
    const dialog = session.page.getByRole('dialog', { name: 'Cookie preferences' })
    await dialog.getByRole('checkbox', { name: 'Analytics' }).setChecked(false)
    await dialog.getByRole('button', { name: 'Save choices' }).click()
    const events = await until((all) => all.length === 2)
    expect(events[1]?.body).toMatchObject({ choices: { preferences: true, analytics: false }, evidence: { source: 'preferences_dialog' } })
    expect(events[1]?.headers['idempotency-key']).not.toBe(event?.headers['idempotency-key'])
  })

  it('retries an event the service answered with 503, with the same idempotency key', async () => {
    await fetch(`${collectorUrl}/__fail`, { method: 'POST', body: JSON.stringify({ count: 1 }) })
    await session.page.goto(siteUrl)
    await session.page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Reject all' }).click()
    const events = await until((all) => all.some((e) => e.status === 201))
    expect(events.map((e) => e.status)).toEqual([503, 201])
    expect(events[0]?.headers['idempotency-key']).toBe(events[1]?.headers['idempotency-key'])
    expect(events[1]?.body).toMatchObject({ choices: { preferences: false, analytics: false } })
    await session.page.waitForFunction(() => localStorage.getItem('onmion_consent_queue') === null)
  })

  it('keeps an event made offline and sends it when the browser is back online', async () => {
    await session.page.goto(siteUrl)
    await session.context.setOffline(true)
    await session.page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' }).click()
    await session.page.waitForFunction(() => JSON.parse(localStorage.getItem('onmion_consent_queue') ?? '[]').length === 1)
    expect(await received()).toEqual([])
    await session.context.setOffline(false)
    const [event] = await until((all) => all.length === 1)
    expect(event?.body).toMatchObject({ choices: { preferences: true, analytics: true } })
  })

  it('sends what a previous page load could not, on the next visit', async () => {
    await fetch(`${collectorUrl}/__fail`, { method: 'POST', body: JSON.stringify({ count: 1 }) })
    await session.page.goto(siteUrl)
    await session.page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Reject all' }).click()
    await until((all) => all.length === 1)
    await session.page.reload()
    const events = await until((all) => all.some((e) => e.status === 201))
    expect(events.filter((e) => e.status === 201)).toHaveLength(1)
    expect(new Set(events.map((e) => e.headers['idempotency-key'])).size).toBe(1)
  })
})
