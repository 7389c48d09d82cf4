import { onmionPolicy } from '@onmion/privacy-policy'
import { decodeConsentCookie, encodeConsentCookie, SubjectId } from '@onmion/privacy-schema'
import type { Page } from 'playwright-core'
import { beforeEach, describe, expect, inject, it } from 'vitest'
import { analytics, usePage } from './browser.js'

const siteUrl = inject('siteUrl')
const session = usePage()

const banner = (): ReturnType<Page['getByRole']> => session.page.getByRole('region', { name: 'Cookie consent' })
const dialog = (): ReturnType<Page['getByRole']> => session.page.getByRole('dialog', { name: 'Cookie preferences' })

async function cookie(name: string): Promise<string | undefined> {
  return (await session.context.cookies()).find((c) => c.name === name)?.value
}

async function open(path = '/'): Promise<void> {
  await session.page.goto(siteUrl + path)
  await session.page.getByRole('heading', { level: 1 }).waitFor()
}

/** Opens the preferences dialog from the footer and sets the analytics checkbox. */
async function chooseAnalytics(on: boolean): Promise<void> {
  await session.page.getByRole('button', { name: 'Cookie preferences' }).click()
  await dialog().getByRole('checkbox', { name: 'Analytics' }).setChecked(on)
  await dialog().getByRole('button', { name: 'Save choices' }).click()
  await dialog().waitFor({ state: 'detached' })
}

function storedCookie(version: string, choices: Record<string, boolean>): string {
  return encodeConsentCookie({ version, choices, at: new Date().toISOString(), id: SubjectId.parse('c_BBBBBBBBBBBBBBBBBBBBBB'), gpc: false })
}

describe('first visit', () => {
  it('shows the banner with the policy text, runs no analytics and stores nothing', async () => {
    await open()
    await expect(banner().textContent()).resolves.toContain(onmionPolicy.cookies.banner.text)
    expect(await analytics(session.page)).toEqual({ runs: undefined, order: undefined, preferencesRuns: undefined })
    expect(await cookie('onmion_analytics')).toBeUndefined()
    expect(await cookie('onmion_consent')).toBeUndefined()
    const consentCalls = await session.page.evaluate(() =>
      (window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer.map((entry) => Array.from(entry)),
    )
    expect(consentCalls[0]).toEqual(['consent', 'default', expect.objectContaining({ analytics_storage: 'denied', ad_storage: 'denied', wait_for_update: 500 })])
    expect(consentCalls).toHaveLength(1)
  })
})

describe('reject all', () => {
  it('never runs analytics, before or after a reload, and leaves no analytics cookie', async () => {
    await open()
    await banner().getByRole('button', { name: 'Reject all' }).click()
    await banner().waitFor({ state: 'detached' })
    expect((await analytics(session.page)).runs).toBeUndefined()
    const stored = decodeConsentCookie(await cookie('onmion_consent'), onmionPolicy)
    expect(stored?.choices).toEqual({ strictly_necessary: true, preferences: false, analytics: false })
    await session.page.reload()
    await session.page.getByRole('heading', { level: 1 }).waitFor()
    await expect(banner().count()).resolves.toBe(0)
    expect(await analytics(session.page)).toEqual({ runs: undefined, order: undefined, preferencesRuns: undefined })
    expect(await cookie('onmion_analytics')).toBeUndefined()
  })
})

describe('accept analytics', () => {
  it('runs the analytics scripts once, in document order, and never again on later changes', async () => {
    await open()
    await chooseAnalytics(true)
    await session.page.waitForFunction(() => (window as unknown as { __analyticsOrder?: string[] }).__analyticsOrder?.length === 2)
    expect(await analytics(session.page)).toEqual({ runs: 1, order: ['src', 'inline'], preferencesRuns: undefined })
    expect(await cookie('onmion_analytics')).toBeDefined()
    await chooseAnalytics(true)
    await session.page.getByRole('button', { name: 'Cookie preferences' }).click()
    await dialog().getByRole('button', { name: 'Accept all' }).click()
    await session.page.waitForFunction(() => (window as unknown as { __preferencesRuns?: number }).__preferencesRuns === 1)
    expect(await analytics(session.page)).toEqual({ runs: 1, order: ['src', 'inline'], preferencesRuns: 1 })
    const updates = await session.page.evaluate(() =>
      (window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer.map((entry) => Array.from(entry)).filter((call) => call[1] === 'update'),
    )
    expect(updates.at(-1)).toEqual(['consent', 'update', expect.objectContaining({ analytics_storage: 'granted', functionality_storage: 'granted', ad_storage: 'denied' })])
  })

  it('runs them once on the next page load too, without asking again', async () => {
    await open()
    await banner().getByRole('button', { name: 'Accept all' }).click()
    await session.page.reload()
    await session.page.getByRole('heading', { level: 1 }).waitFor()
    await session.page.waitForFunction(() => (window as unknown as { __analyticsOrder?: string[] }).__analyticsOrder?.length === 2)
    expect((await analytics(session.page)).runs).toBe(1)
    await expect(banner().count()).resolves.toBe(0)
  })

  it('runs a gated script added to the page later, once its category is granted', async () => {
    await open()
    const add = (marker: string): Promise<void> =>
      session.page.evaluate((name) => {
        const script = document.createElement('script')
        script.type = 'text/plain'
        script.dataset.consentCategory = 'analytics'
        script.text = `window.${name} = (window.${name} || 0) + 1`
        document.body.append(script)
      }, marker)
    await add('__lateBefore')
    await session.page.waitForTimeout(100)
    expect(await session.page.evaluate(() => (window as unknown as { __lateBefore?: number }).__lateBefore)).toBeUndefined()
    await banner().getByRole('button', { name: 'Accept all' }).click()
    await session.page.waitForFunction(() => (window as unknown as { __lateBefore?: number }).__lateBefore === 1)
    await add('__lateAfter')
    await session.page.waitForFunction(() => (window as unknown as { __lateAfter?: number }).__lateAfter === 1)
    expect(await session.page.evaluate(() => (window as unknown as { __lateBefore?: number }).__lateBefore)).toBe(1)
  })
})

describe('withdraw', () => {
  it('erases the analytics cookies on the host and its parent domain, keeping the others', async () => {
    const port = inject('sitePort')
    await session.page.goto(`http://www.onmion.test:${port}/`)
    await banner().getByRole('button', { name: 'Accept all' }).click()
    await session.page.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
    await session.page.evaluate(() => {
      document.cookie = '_ga=GA1.1.1.1; Path=/; Domain=onmion.test; Max-Age=600'
      document.cookie = '_ga_ABC123=GS1.1; Path=/; Domain=onmion.test; Max-Age=600'
    })
    const names = async (): Promise<string[]> => (await session.context.cookies()).map((c) => `${c.name}@${c.domain}`).sort()
    expect(await names()).toEqual(
      expect.arrayContaining(['_ga@.onmion.test', '_ga_ABC123@.onmion.test', 'onmion_analytics@www.onmion.test', 'onmion_prefs@www.onmion.test']),
    )
    await chooseAnalytics(false)
    expect(await names()).toEqual(['onmion_consent@.onmion.test', 'onmion_prefs@www.onmion.test'])
    await session.page.reload()
    await session.page.getByRole('heading', { level: 1 }).waitFor()
    expect((await analytics(session.page)).runs).toBeUndefined()
  })
})

describe('Global Privacy Control', () => {
  beforeEach(async () => {
    await session.context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true })
    })
  })

  it('starts with analytics refused, says so, and keeps it refused on accept all', async () => {
    await open()
    await expect(banner().textContent()).resolves.toContain(onmionPolicy.signals.globalPrivacyControl.statement)
    await banner().getByRole('button', { name: 'Accept all' }).click()
    await session.page.waitForFunction(() => (window as unknown as { __preferencesRuns?: number }).__preferencesRuns === 1)
    expect((await analytics(session.page)).runs).toBeUndefined()
    expect(await cookie('onmion_analytics')).toBeUndefined()
    expect(decodeConsentCookie(await cookie('onmion_consent'), onmionPolicy)?.choices).toEqual({ strictly_necessary: true, preferences: true, analytics: false })
  })

  it('refuses analytics granted before the signal appeared', async () => {
    await session.context.addCookies([{ name: 'onmion_consent', value: storedCookie(onmionPolicy.meta.version, { strictly_necessary: true, preferences: true, analytics: true }), url: siteUrl }])
    await open()
    await session.page.waitForFunction(() => (window as unknown as { __preferencesRuns?: number }).__preferencesRuns === 1)
    expect((await analytics(session.page)).runs).toBeUndefined()
    expect(decodeConsentCookie(await cookie('onmion_consent'), onmionPolicy)?.choices.analytics).toBe(false)
  })

  it('lets the visitor opt in explicitly in the preferences dialog', async () => {
    await open()
    await chooseAnalytics(true)
    await session.page.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
    await session.page.reload()
    await session.page.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
  })
})

describe('a changed policy version', () => {
  const [major = 0, minor = 0] = onmionPolicy.meta.version.split('.').map(Number)
  const granted = { strictly_necessary: true, preferences: true, analytics: true }

  it('asks again, running nothing, when the stored choice was made under another major version', async () => {
    await session.context.addCookies([{ name: 'onmion_consent', value: storedCookie(`${major - 1}.4.0`, granted), url: siteUrl }])
    await open()
    await banner().waitFor()
    await session.page.waitForTimeout(100)
    expect(await analytics(session.page)).toEqual({ runs: undefined, order: undefined, preferencesRuns: undefined })
    // It says why it asks again, and links to what changed.
    await expect(banner().getByText('Our privacy policy has changed since you last chose.').count()).resolves.toBe(1)
    await expect(banner().getByRole('link', { name: 'What changed' }).getAttribute('href')).resolves.toBe('/privacy/changes')
  })

  it('keeps the choice across a minor release', async () => {
    await session.context.addCookies([{ name: 'onmion_consent', value: storedCookie(`${major}.${minor + 1}.0`, granted), url: siteUrl }])
    await open()
    await session.page.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
    await expect(banner().count()).resolves.toBe(0)
  })

  it('treats a corrupt or foreign cookie as no choice', async () => {
    await session.context.addCookies([{ name: 'onmion_consent', value: 'v1.eyJhbmFseXRpY3MiOjF9', url: siteUrl }])
    await open()
    await banner().waitFor()
    expect((await analytics(session.page)).runs).toBeUndefined()
    await expect(banner().getByText('Our privacy policy has changed', { exact: false }).count()).resolves.toBe(0)
  })
})
