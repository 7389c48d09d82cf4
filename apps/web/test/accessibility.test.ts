import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { analytics, axeViolations, RESULTS, usePage } from './browser.js'

const siteUrl = inject('siteUrl')
const session = usePage({ viewport: { width: 1024, height: 768 } })

const banner = (): ReturnType<Page['getByRole']> => session.page.getByRole('region', { name: 'Cookie consent' })
const dialog = (): ReturnType<Page['getByRole']> => session.page.getByRole('dialog', { name: 'Cookie preferences' })

/** The accessible description of the focused element: its text or label. */
function focused(): Promise<string> {
  return session.page.evaluate(() => {
    const element = document.activeElement
    if (element instanceof HTMLInputElement) return `checkbox ${document.querySelector(`label[for="${element.id}"]`)?.textContent ?? ''}`
    return element?.textContent.trim() ?? ''
  })
}
const inDialog = (): Promise<boolean> => session.page.evaluate(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement) === true)

async function open(path = '/'): Promise<void> {
  await session.page.goto(siteUrl + path)
  await session.page.getByRole('heading', { level: 1 }).waitFor()
}

describe('keyboard only', () => {
  it('reaches the banner first and operates it: reject, accept and preferences', async () => {
    await open()
    await session.page.keyboard.press('Tab')
    expect(await focused()).toBe('Reject all')
    await session.page.keyboard.press('Tab')
    expect(await focused()).toBe('Accept all')
    await session.page.keyboard.press('Tab')
    expect(await focused()).toBe('Preferences')
    await session.page.keyboard.press('Enter')
    await dialog().waitFor()
    expect(await inDialog()).toBe(true)
    expect(await focused()).toBe('checkbox Preferences')
  })

  it('keeps Tab inside the dialog, closes it on Escape and gives focus back to the opener', async () => {
    await open()
    for (let i = 0; i < 3; i++) await session.page.keyboard.press('Tab')
    await session.page.keyboard.press('Enter')
    await dialog().waitFor()
    const seen = new Set<string>()
    for (let i = 0; i < 8; i++) {
      await session.page.keyboard.press('Tab')
      expect(await inDialog()).toBe(true)
      seen.add(await focused())
    }
    expect([...seen].sort()).toEqual(['Accept all', 'Close', 'Reject all', 'Save choices', 'checkbox Analytics', 'checkbox Preferences'])
    await session.page.keyboard.press('Shift+Tab')
    expect(await inDialog()).toBe(true)
    await session.page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
    expect(await focused()).toBe('Preferences')
    await expect(banner().count()).resolves.toBe(1)
  })

  it('grants analytics with Tab, Space and Enter alone', async () => {
    await open()
    for (let i = 0; i < 3; i++) await session.page.keyboard.press('Tab')
    await session.page.keyboard.press('Enter')
    await dialog().waitFor()
    await session.page.keyboard.press('Tab')
    expect(await focused()).toBe('checkbox Analytics')
    await session.page.keyboard.press('Space')
    await session.page.keyboard.press('Tab')
    expect(await focused()).toBe('Save choices')
    await session.page.keyboard.press('Enter')
    await dialog().waitFor({ state: 'detached' })
    await session.page.waitForFunction(() => (window as unknown as { __analyticsRuns?: number }).__analyticsRuns === 1)
    expect((await analytics(session.page)).preferencesRuns).toBeUndefined()
  })

  it('opens the dialog from the footer link and returns focus to it', async () => {
    await open()
    await banner().getByRole('button', { name: 'Reject all' }).click()
    const link = session.page.getByRole('button', { name: 'Cookie preferences' })
    await link.focus()
    await session.page.keyboard.press('Enter')
    await dialog().waitFor()
    expect(await inDialog()).toBe(true)
    await session.page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
    expect(await focused()).toBe('Cookie preferences')
  })
})

describe('axe-core', () => {
  it('finds no violations on the page with the banner', async () => {
    await open()
    await banner().waitFor()
    await session.page.screenshot({ path: join(RESULTS, 'banner.png') })
    expect(await axeViolations(session.page)).toEqual([])
  })

  it('finds no violations with the preferences dialog open', async () => {
    await open()
    await banner().getByRole('button', { name: 'Preferences' }).click()
    await dialog().waitFor()
    await session.page.screenshot({ path: join(RESULTS, 'preferences-dialog.png') })
    expect(await axeViolations(session.page)).toEqual([])
  })

  it('finds no violations on the policy page', async () => {
    await open('/privacy')
    await banner().getByRole('button', { name: 'Reject all' }).click()
    await session.page.screenshot({ path: join(RESULTS, 'privacy-policy.png'), fullPage: true })
    expect(await axeViolations(session.page)).toEqual([])
  })
})
