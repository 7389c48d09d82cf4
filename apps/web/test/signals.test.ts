import { readFileSync } from 'node:fs'
import { onmionPolicy } from '@onmion/privacy-policy'
import { decodeConsentCookie } from '@onmion/privacy-schema'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { GPC_FILE, gpcFile } from '../scripts/gpc-file.js'
import type { Received } from './collector.js'
import { analytics, usePage } from './browser.js'

// Global Privacy Control shown and honored ("Opt-Out Request Honored"), gpc.json, one choice
// across the sub-domains of a site, a visitor asked again on the other site, and tabs that follow.
const siteUrl = inject('siteUrl')
const port = inject('sitePort')
const endpointSiteUrl = inject('endpointSiteUrl')
const collectorUrl = inject('collectorUrl')
const session = usePage({}, async () => {
  await fetch(`${collectorUrl}/__received`, { method: 'DELETE' })
})

const gpc = onmionPolicy.signals.globalPrivacyControl
const banner = (page: Page = session.page): ReturnType<Page['getByRole']> => page.getByRole('region', { name: 'Cookie consent' })
const dialog = (): ReturnType<Page['getByRole']> => session.page.getByRole('dialog', { name: 'Cookie preferences' })

async function open(url: string, page: Page = session.page): Promise<void> {
  await page.goto(url)
  await page.getByRole('heading', { level: 1 }).waitFor()
}

/** The browser sends GPC as Chromium would with the setting on: the header and the navigator property. */
async function sendGpc(): Promise<void> {
  await session.context.setExtraHTTPHeaders({ 'Sec-GPC': '1' })
  await session.context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true })
  })
}

async function received(check: (events: Received[]) => boolean): Promise<Received[]> {
  for (let tries = 0; ; tries++) {
    const events = (await (await fetch(`${collectorUrl}/__received`)).json()) as Received[]
    if (check(events)) return events
    if (tries > 100) throw new Error(`the collector did not receive what was expected: ${JSON.stringify(events)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('Opt-Out Request Honored (GPC)', () => {
  it('the banner and the dialog say so in the policy words and show the refused category off', async () => {
    expect(gpc.honoredLabel).toBe('Opt-Out Request Honored')
    await sendGpc()
    await open(siteUrl)
    const notice = banner().locator('.onmion-banner__signal')
    await expect(notice.textContent()).resolves.toBe(`${gpc.honoredLabel}. ${gpc.statement}`)
    await session.page.getByRole('button', { name: 'Cookie preferences' }).click()
    await expect(dialog().locator('.onmion-dialog__signal').textContent()).resolves.toBe(`${gpc.honoredLabel}. ${gpc.statement}`)
    const analyticsBox = dialog().getByRole('checkbox', { name: `Analytics (${gpc.honoredLabel})` })
    expect(await analyticsBox.isChecked()).toBe(false)
    expect(await dialog().getByRole('checkbox', { name: 'Preferences', exact: true }).count()).toBe(1)
  })

  it('says nothing of it without the signal', async () => {
    await open(siteUrl)
    await expect(banner().locator('.onmion-banner__signal').count()).resolves.toBe(0)
  })

  it('records an explicit opt-in over the signal as such', async () => {
    await sendGpc()
    await open(endpointSiteUrl)
    await session.page.getByRole('button', { name: 'Cookie preferences' }).click()
    await dialog().getByRole('checkbox', { name: /^Analytics/ }).check()
    await dialog().getByRole('button', { name: 'Save choices' }).click()
    await session.page.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
    const [event] = await received((events) => events.length === 1)
    expect(event?.body).toMatchObject({
      type: 'cookies.choice',
      choices: { analytics: true, preferences: false },
      evidence: { source: 'preferences_dialog', gpc: true, optInOverSignal: ['analytics'] },
    })
  })

  it('serves /.well-known/gpc.json from the policy', async () => {
    // The checked-in file is what the policy gives (`pnpm --filter @onmion/web gpc` rewrites it).
    expect(readFileSync(GPC_FILE, 'utf8')).toBe(gpcFile())
    const answer = await session.page.goto(`${siteUrl}/.well-known/gpc.json`)
    expect(answer?.headers()['content-type']).toMatch(/application\/json/)
    expect(await answer?.json()).toEqual({ gpc: true, lastUpdate: onmionPolicy.meta.effectiveDate })
  })
})

describe("one choice across Onmion's sites", () => {
  it('shares the choice with the sub-domains of a site, and asks again on the other site', async () => {
    await open(`http://www.onmion.test:${port}/`)
    await banner().getByRole('button', { name: 'Reject all' }).click()
    await banner().waitFor({ state: 'detached' })
    const consent = (await session.context.cookies()).filter((c) => c.name === 'onmion_consent')
    expect(consent.map((c) => c.domain)).toEqual(['.onmion.test'])
    await open(`http://app.onmion.test:${port}/`)
    await expect(banner().count()).resolves.toBe(0)
    expect(decodeConsentCookie(consent[0]?.value, onmionPolicy)?.choices.analytics).toBe(false)
    // An anonymous visitor is asked on each site: the other site cannot read this cookie.
    await open(`http://www.maasoffline.test:${port}/`)
    await banner().waitFor()
    await banner().getByRole('button', { name: 'Accept all' }).click()
    const domains = (await session.context.cookies()).filter((c) => c.name === 'onmion_consent').map((c) => c.domain)
    expect(domains.sort()).toEqual(['.maasoffline.test', '.onmion.test'])
  })
})

describe('other tabs follow', () => {
  it('a choice made in one tab reaches the open tabs of the site without a reload', async () => {
    await open(siteUrl)
    const other = await session.context.newPage()
    await open(siteUrl, other)
    await banner(other).waitFor()
    await banner().getByRole('button', { name: 'Accept all' }).click()
    // The other tab: banner gone, the gated analytics ran, its choices list updated.
    await banner(other).waitFor({ state: 'detached' })
    await other.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
    await expect(other.getByTestId('choices').textContent()).resolves.toContain('Analytics: on')
    // A withdrawal too: the other tab shows it and erases the analytics cookie.
    await session.page.getByRole('button', { name: 'Cookie preferences' }).click()
    await dialog().getByRole('checkbox', { name: 'Analytics' }).uncheck()
    await dialog().getByRole('button', { name: 'Save choices' }).click()
    await other.getByTestId('choices').getByText('Analytics: off').waitFor()
    expect((await analytics(other)).runs).toBe(1)
  })

  it('falls back to the storage event without BroadcastChannel', async () => {
    await session.context.addInitScript(() => {
      Reflect.deleteProperty(window, 'BroadcastChannel')
    })
    await open(siteUrl)
    const other = await session.context.newPage()
    await open(siteUrl, other)
    await banner().getByRole('button', { name: 'Reject all' }).click()
    await banner(other).waitFor({ state: 'detached' })
    await expect(other.getByTestId('choices').textContent()).resolves.toContain('Analytics: off')
  })
})
