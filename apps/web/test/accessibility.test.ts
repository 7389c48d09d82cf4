import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { analytics, axeViolations, launchBrowser, RESULTS } from './browser.js'

const siteUrl = inject('siteUrl')
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser.close()
})
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1024, height: 768 } })
  page = await context.newPage()
})
afterEach(async () => {
  await context.close()
})

const banner = (): ReturnType<Page['getByRole']> => page.getByRole('region', { name: 'Cookie consent' })
const dialog = (): ReturnType<Page['getByRole']> => page.getByRole('dialog', { name: 'Cookie preferences' })

/** The accessible description of the focused element: its text or label. */
function focused(): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    if (element instanceof HTMLInputElement) return `checkbox ${document.querySelector(`label[for="${element.id}"]`)?.textContent ?? ''}`
    return element?.textContent.trim() ?? ''
  })
}
const inDialog = (): Promise<boolean> => page.evaluate(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement) === true)

async function open(path = '/'): Promise<void> {
  await page.goto(siteUrl + path)
  await page.getByRole('heading', { level: 1 }).waitFor()
}

describe('keyboard only', () => {
  it('reaches the banner first and operates it: reject, accept and preferences', async () => {
    await open()
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Reject all')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Accept all')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Preferences')
    await page.keyboard.press('Enter')
    await dialog().waitFor()
    expect(await inDialog()).toBe(true)
    expect(await focused()).toBe('checkbox Preferences')
  })

  it('keeps Tab inside the dialog, closes it on Escape and gives focus back to the opener', async () => {
    await open()
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await dialog().waitFor()
    const seen = new Set<string>()
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      expect(await inDialog()).toBe(true)
      seen.add(await focused())
    }
    expect([...seen].sort()).toEqual(['Accept all', 'Close', 'Reject all', 'Save choices', 'checkbox Analytics', 'checkbox Preferences'])
    await page.keyboard.press('Shift+Tab')
    expect(await inDialog()).toBe(true)
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
    expect(await focused()).toBe('Preferences')
    await expect(banner().count()).resolves.toBe(1)
  })

  it('grants analytics with Tab, Space and Enter alone', async () => {
    await open()
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await dialog().waitFor()
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('checkbox Analytics')
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Save choices')
    await page.keyboard.press('Enter')
    await dialog().waitFor({ state: 'detached' })
    await page.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
    expect((await analytics(page)).preferencesRuns).toBeUndefined()
  })

  it('opens the dialog from the footer link and returns focus to it', async () => {
    await open()
    await banner().getByRole('button', { name: 'Reject all' }).click()
    const link = page.getByRole('button', { name: 'Cookie preferences' })
    await link.focus()
    await page.keyboard.press('Enter')
    await dialog().waitFor()
    expect(await inDialog()).toBe(true)
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
    expect(await focused()).toBe('Cookie preferences')
  })
})

describe('axe-core', () => {
  it('finds no violations on the page with the banner', async () => {
    await open()
    await banner().waitFor()
    await page.screenshot({ path: join(RESULTS, 'banner.png') })
    expect(await axeViolations(page)).toEqual([])
  })

  it('finds no violations with the preferences dialog open', async () => {
    await open()
    await banner().getByRole('button', { name: 'Preferences' }).click()
    await dialog().waitFor()
    await page.screenshot({ path: join(RESULTS, 'preferences-dialog.png') })
    expect(await axeViolations(page)).toEqual([])
  })

  it('finds no violations on the policy page', async () => {
    await open('/privacy')
    await banner().getByRole('button', { name: 'Reject all' }).click()
    await page.screenshot({ path: join(RESULTS, 'privacy-policy.png'), fullPage: true })
    expect(await axeViolations(page)).toEqual([])
  })
})
