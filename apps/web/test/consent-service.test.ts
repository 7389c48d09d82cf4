import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { verifyReceipt, type ConsentReceipt, type PublicKey } from '@onmion/privacy-proof'
import { decodeConsentCookie } from '@onmion/privacy-schema'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from './browser.js'
import { startConsentService } from './consent-service-process.js'
import { buildSite } from './global-setup.js'
import { serveStatic } from './static-server.js'

// The site against the real consent service (apps/consent-service, from source, embedded PGlite
// in a temp dir), across origins with CORS as deployed: the proof a visitor's choice leaves is
// read back from the service's ledger, not from a stand-in.
let dir: string
let site: { url: string; server: Server }
let stopService: (() => Promise<void>) | undefined
let serviceUrl: string
let adminKey: string
let browser: Browser | undefined
let sites: { onmion: string; maasoffline: string }
let publishableKey: string

/** The service's checkpoint and receipt signing key (an Ed25519 seed), so cookie choices come back with a receipt. */
const checkpointKey = JSON.stringify({
  keyId: 'web-test',
  privateKey: generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64'),
})

async function api(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(serviceUrl + path, { ...init, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' } })
  expect(response.ok, `${path}: ${String(response.status)}`).toBe(true)
  return response.json()
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onmion-web-service-'))
  site = await serveStatic(join(dir, 'site'))
  const port = new URL(site.url).port
  // The demo site under two of Onmion's sites (local aliases, mapped to loopback by the browser).
  sites = { onmion: `http://www.onmion.test:${port}`, maasoffline: `http://www.maasoffline.test:${port}` }
  ;({ url: serviceUrl, admin: adminKey } = await startConsentService(join(dir, 'data'), { CONSENT_ALLOWED_ORIGINS: [site.url, sites.onmion, sites.maasoffline].join(','), ONMION_PRIVACY_CHECKPOINT_KEY: checkpointKey }, (stop) => (stopService = stop)))
  const { key } = (await api('/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'web', kind: 'publishable' }) })) as { key: string }
  publishableKey = key
  await buildSite(join(dir, 'site'), { VITE_CONSENT_ENDPOINT: serviceUrl, VITE_PUBLISHABLE_KEY: key })
  browser = await launchBrowser()
  // Starting the service from source, then a production build of the site: on a loaded 2-core
  // machine this took close to the suite's 120 s hook timeout, so it gets its own, generous one.
}, 300_000)

// Each step guarded, so a setup that failed half way still stops the service it started.
afterAll(async () => {
  await stopService?.()
  await browser?.close()
  await new Promise<void>((resolve) => site.server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

interface LedgerEvent {
  type: string
  policyVersion: string
  method: string
  payload: { choices: Record<string, boolean> }
  evidence: Record<string, unknown>
}

async function eventsOf(subject: string, count: number): Promise<LedgerEvent[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const { events } = (await api(`/v1/subjects/${subject}/events`)) as { events: LedgerEvent[] }
    if (events.length >= count || Date.now() > deadline) return events
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('with the real consent service', () => {
  it('records the banner choice and a withdrawal in the ledger under the browser consent id', async () => {
    if (browser === undefined) throw new Error('the browser did not start')
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(site.url)
      await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' }).click()
      const subject = decodeConsentCookie((await context.cookies()).find((c) => c.name === 'onmion_consent')?.value, onmionPolicy)?.id
      expect(subject).toBeDefined()
      const [granted] = await eventsOf(subject ?? '', 1)
      expect(granted).toMatchObject({
        type: 'cookies.choice',
        policyVersion: onmionPolicy.meta.version,
        method: 'cookie_banner',
        payload: { choices: { preferences: true, analytics: true } },
        evidence: { source: 'banner', gpc: false },
      })

      await page.getByRole('button', { name: 'Cookie preferences' }).click()
      const dialog = page.getByRole('dialog', { name: 'Cookie preferences' })
      await dialog.getByRole('checkbox', { name: 'Analytics' }).setChecked(false)
      await dialog.getByRole('button', { name: 'Save choices' }).click()
      const events = await eventsOf(subject ?? '', 2)
      expect(events.map((e) => e.payload.choices.analytics)).toEqual([true, false])
      const state = (await api(`/v1/subjects/${subject ?? ''}/consent`)) as { consents: Record<string, string> }
      expect(state.consents.analytics).toBe('withdrawn')
      await page.waitForFunction(() => localStorage.getItem('onmion_consent_queue') === null)
    } finally {
      await context.close()
    }
  })

  it("applies a signed-in person's choice made on one site on the other, and asks an anonymous visitor on each", async () => {
    if (browser === undefined) throw new Error('the browser did not start')
    const person = 'c_PersonPersonPerson1234'
    const signedIn = await browser.newContext()
    const anonymous = await browser.newContext()
    try {
      // The site's server writes the signed-in person's consent id into its pages.
      await signedIn.addInitScript((id) => {
        ;(window as unknown as { onmionPerson: string }).onmionPerson = id
      }, person)
      const page = await signedIn.newPage()
      await page.goto(sites.onmion)
      await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Reject all' }).click()
      const [chosen] = await eventsOf(person, 1)
      expect(chosen).toMatchObject({ payload: { choices: { preferences: false, analytics: false } }, evidence: { source: 'banner' } })

      // The other site: no cookie of its own, the choice read back from the service, no banner.
      await page.goto(sites.maasoffline)
      await page.getByTestId('choices').getByText('Analytics: off').waitFor()
      await page.waitForFunction(() => document.cookie.includes('onmion_consent='))
      await expect(page.getByRole('region', { name: 'Cookie consent' }).count()).resolves.toBe(0)
      const events = await eventsOf(person, 2)
      expect(events[1]).toMatchObject({ payload: { choices: { preferences: false, analytics: false } }, evidence: { source: 'account' } })

      // An anonymous visitor who chose on one site is asked on the other.
      const visitor = await anonymous.newPage()
      await visitor.goto(sites.onmion)
      await visitor.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Accept all' }).click()
      await visitor.goto(sites.maasoffline)
      await visitor.getByRole('region', { name: 'Cookie consent' }).waitFor()

      // A publishable key cannot read a guessable subject's choice.
      const denied = await fetch(`${serviceUrl}/v1/cookie-choices/user-42`, { headers: { authorization: `Bearer ${publishableKey}` } })
      expect(denied.status).toBe(403)
    } finally {
      await signedIn.close()
      await anonymous.close()
    }
  })

  it('keeps the signed receipt of the choice it recorded, which verifies offline with the service key alone', async () => {
    if (browser === undefined) throw new Error('the browser did not start')
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(site.url)
      await page.getByRole('region', { name: 'Cookie consent' }).getByRole('button', { name: 'Reject all' }).click()
      const subject = decodeConsentCookie((await context.cookies()).find((c) => c.name === 'onmion_consent')?.value, onmionPolicy)?.id
      await page.waitForFunction(() => localStorage.getItem('onmion_consent_receipt') !== null)
      const receipt = JSON.parse((await page.evaluate(() => localStorage.getItem('onmion_consent_receipt'))) ?? 'null') as ConsentReceipt
      expect(receipt).toMatchObject({ piiPrincipalId: subject, collectionMethod: 'cookie_banner', proof: null })
      const { events } = (await api(`/v1/subjects/${subject ?? ''}/events`)) as { events: { id: string }[] }
      expect(receipt.consentReceiptID).toBe(events[0]?.id)

      const key = (await (await fetch(`${serviceUrl}/v1/ledger/public-key`)).json()) as PublicKey
      expect(await verifyReceipt(receipt, key)).toEqual({ ok: true, checkpoint: null })
      const refused = receipt.services[0]?.purposes.find((p) => p.purposeCategory.includes('analytics'))
      expect(refused?.state).toBe('withdrawn')
      expect(await verifyReceipt({ ...receipt, piiPrincipalId: 'c_someone_else' }, key)).toMatchObject({ ok: false, problem: 'signature_invalid' })
    } finally {
      await context.close()
    }
  })
})
