import { onmionPolicy } from '@onmion/privacy-policy'
import type { Page, Route } from 'playwright-core'
import { beforeEach, describe, expect, inject, it } from 'vitest'
import { usePage } from './browser.js'

// What waits for consent beyond script tags: requests to the policy's hosts (the network gate),
// embeds (placeholders), and the Google tag (Consent Mode basic or advanced). No real network:
// the Google hosts are routed to local stand-ins that record what reaches them.
const siteUrl = inject('siteUrl')
const session = usePage()

const banner = (): ReturnType<Page['getByRole']> => session.page.getByRole('region', { name: 'Cookie consent' })

/** What reached the (routed) network for these hosts, in order. */
let reached: string[] = []

beforeEach(async () => {
  reached = []
  const record = async (route: Route): Promise<void> => {
    const url = new URL(route.request().url())
    reached.push(`${route.request().method()} ${url.hostname}${url.pathname}${url.search}`)
    if (url.hostname === 'www.googletagmanager.com') {
      // A stand-in for gtag.js: it says it ran, and what the queue held when it did.
      const body = 'window.__tagSaw = window.dataLayer.map(function (e) { return Array.from(e) }); window.__tagRuns = (window.__tagRuns || 0) + 1'
      await route.fulfill({ status: 200, contentType: 'text/javascript', body })
    } else if (url.pathname.endsWith('.gif')) await route.fulfill({ status: 200, contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') })
    else await route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*' } })
  }
  for (const host of ['www.google-analytics.com', 'region1.google-analytics.com', 'www.googletagmanager.com']) await session.context.route(`https://${host}/**`, record)
})

async function open(url = siteUrl): Promise<void> {
  await session.page.goto(url)
  await session.page.getByRole('heading', { level: 1 }).waitFor()
}

/** Fires one request of every kind the gate covers at the policy's analytics hosts. */
async function fireRequests(): Promise<void> {
  await session.page.evaluate(() => {
    void fetch('https://www.google-analytics.com/g/collect?n=1-fetch', { mode: 'no-cors' }).catch(() => undefined)
    const xhr = new XMLHttpRequest()
    xhr.open('GET', 'https://region1.google-analytics.com/g/collect?n=2-xhr')
    xhr.send()
    navigator.sendBeacon('https://www.google-analytics.com/g/collect?n=3-beacon', 'x')
    const image = new Image()
    image.src = 'https://www.google-analytics.com/pixel.gif?n=4-img'
    const script = document.createElement('script')
    script.setAttribute('src', 'https://www.google-analytics.com/tag.js?n=5-script')
    document.body.append(script)
    const frame = document.createElement('iframe')
    frame.src = 'https://www.google-analytics.com/frame?n=6-iframe'
    document.body.append(frame)
    // Not a declared host: never held.
    void fetch('/analytics.js?n=0-own')
  })
}

const analyticsRequests = (): string[] => reached.filter((line) => line.includes('google-analytics.com')).map((line) => /n=([\w-]+)/.exec(line)?.[1] ?? line)

async function settle(page: Page): Promise<void> {
  // Two animation frames and a round trip to the page: what was going to be sent has been.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  await page.evaluate(() => fetch('/index.html').then(() => undefined))
}

/**
 * Records, in the page, each call that hands a request to the browser: the native `fetch`,
 * `XMLHttpRequest#send`, `sendBeacon` and `src` setters, wrapped before any page script runs (so
 * the gate wraps these). What the gate promises is the order of these calls; the order in which
 * the browser's network stack then reaches the wire is its own (a beacon is queued, an image
 * fetched by the preloader), so the wire order is not asserted.
 */
async function recordHandOffs(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __handedOff: string[] }
    w.__handedOff = []
    const note = (url: unknown): void => {
      const n = /[?&]n=([\w-]+)/.exec(String(url))
      if (n && String(url).includes('google-analytics.com')) w.__handedOff.push(n[1]!)
    }
    const fetch = window.fetch
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      note(input instanceof Request ? input.url : input)
      return fetch.call(window, input, init)
    }
    const beacon = navigator.sendBeacon.bind(navigator)
    navigator.sendBeacon = (url, data) => (note(url), beacon(url, data))
    const { open, send } = XMLHttpRequest.prototype
    const urls = new WeakMap<XMLHttpRequest, unknown>()
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      urls.set(this, args[1])
      Reflect.apply(open, this, args)
    }
    XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      note(urls.get(this))
      send.call(this, body)
    }
    for (const kind of [HTMLImageElement, HTMLScriptElement, HTMLIFrameElement]) {
      const descriptor = Object.getOwnPropertyDescriptor(kind.prototype, 'src')!
      Object.defineProperty(kind.prototype, 'src', {
        ...descriptor,
        set(this: HTMLElement, value: unknown) {
          note(value)
          descriptor.set!.call(this, value)
        },
      })
    }
  })
}

describe('network gate', () => {
  it('holds requests to the analytics hosts until analytics is granted, then sends them in order', async () => {
    await recordHandOffs(session.page)
    await open()
    await fireRequests()
    await settle(session.page)
    expect(analyticsRequests()).toEqual([])
    expect(await session.page.evaluate(() => (window as unknown as { __handedOff: string[] }).__handedOff)).toEqual([])
    // The script and the iframe in the page wait, marked (the image is not in the page).
    expect(await session.page.evaluate(() => document.querySelectorAll('[data-consent-held-src]').length)).toBe(2)
    await banner().getByRole('button', { name: 'Accept all' }).click()
    // Handed to the browser in the order they were made, and every one reached the network.
    await expect.poll(() => session.page.evaluate(() => (window as unknown as { __handedOff: string[] }).__handedOff)).toEqual(['1-fetch', '2-xhr', '3-beacon', '4-img', '5-script', '6-iframe'])
    await expect.poll(() => analyticsRequests().length).toBe(6)
    expect(analyticsRequests().sort()).toEqual(['1-fetch', '2-xhr', '3-beacon', '4-img', '5-script', '6-iframe'])
    // Granted: later requests go at once.
    await session.page.evaluate(() => navigator.sendBeacon('https://www.google-analytics.com/g/collect?n=7-later', 'x'))
    await expect.poll(() => analyticsRequests()).toContain('7-later')
  })

  it('drops what it held when analytics is refused (the policy says drop), and sends nothing after', async () => {
    await open()
    await fireRequests()
    await banner().getByRole('button', { name: 'Reject all' }).click()
    await settle(session.page)
    expect(await session.page.evaluate(() => document.querySelectorAll('[data-consent-held-src]').length)).toBe(0)
    // Refused: a later request is dropped too, not kept for a later grant.
    await session.page.evaluate(() => navigator.sendBeacon('https://www.google-analytics.com/g/collect?n=8-refused', 'x'))
    // Granting later sends only what is made after the grant: the dropped requests stay dropped.
    await session.page.getByRole('button', { name: 'Cookie preferences' }).click()
    const dialog = session.page.getByRole('dialog', { name: 'Cookie preferences' })
    await dialog.getByRole('checkbox', { name: 'Analytics' }).check()
    await dialog.getByRole('button', { name: 'Save choices' }).click()
    await session.page.evaluate(() => navigator.sendBeacon('https://www.google-analytics.com/g/collect?n=9-granted', 'x'))
    await expect.poll(() => analyticsRequests()).toEqual(['9-granted'])
  })
})

describe('embeds', () => {
  const tour = (): ReturnType<Page['getByRole']> => session.page.getByRole('group', { name: 'Onmion product tour' })

  it('shows the policy text and two labelled buttons; "load this content" works from the keyboard and loads only this embed', async () => {
    await open()
    const text = onmionPolicy.cookies.browser?.embed?.text.replace('{category}', 'analytics')
    expect(text).toBe('This content is from a third party and needs analytics cookies.')
    await expect(tour().textContent()).resolves.toContain(text)
    const frame = session.page.locator('iframe[data-src="/embed/tour.html"]')
    expect(await frame.getAttribute('src')).toBeNull()
    expect(await frame.isHidden()).toBe(true)
    const load = tour().getByRole('button', { name: 'Load this content: Onmion product tour' })
    await load.focus()
    await session.page.keyboard.press('Enter')
    await tour().waitFor({ state: 'detached' })
    expect(await frame.getAttribute('src')).toBe('/embed/tour.html')
    await expect.poll(() => session.page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME')
    await session.page.frameLocator('iframe[title="Onmion product tour"]').getByText('The product tour').waitFor()
    // Loading one embed records no choice.
    await expect(banner().count()).resolves.toBe(1)
  })

  it('"allow analytics cookies" grants the category and loads every embed of it, later ones too', async () => {
    await open()
    await session.page.evaluate(() => {
      const later = document.createElement('iframe')
      later.setAttribute('data-consent-category', 'analytics')
      later.setAttribute('data-src', '/embed/tour.html?later')
      later.title = 'Later embed'
      document.body.append(later)
    })
    await session.page.getByRole('group', { name: 'Later embed' }).waitFor()
    await tour().getByRole('button', { name: 'Allow analytics cookies: Onmion product tour' }).press('Space')
    await tour().waitFor({ state: 'detached' })
    await session.page.getByRole('group', { name: 'Later embed' }).waitFor({ state: 'detached' })
    expect(await session.page.locator('iframe[title="Later embed"]').getAttribute('src')).toBe('/embed/tour.html?later')
    await expect(session.page.getByTestId('choices').textContent()).resolves.toContain('Analytics: on')
  })
})

describe('Google Consent Mode v2', () => {
  const queue = (): Promise<unknown[][]> => session.page.evaluate(() => (window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer.map((entry) => Array.from(entry)))
  const tagRequests = (): string[] => reached.filter((line) => line.includes('googletagmanager.com'))

  it('basic (the policy): no Google tag before consent; after it, the tag loads with default then update queued first', async () => {
    await session.page.goto(`${siteUrl}/consent-mode.html`)
    await settle(session.page)
    expect(tagRequests()).toEqual([])
    expect(await session.page.evaluate(() => (window as unknown as { __tagRuns?: number }).__tagRuns)).toBeUndefined()
    await session.page.click('#reject')
    await settle(session.page)
    expect(tagRequests()).toEqual([])
    await session.page.click('#accept')
    await session.page.waitForFunction(() => (window as unknown as { __tagRuns?: number }).__tagRuns === 1)
    expect(tagRequests()).toEqual(['GET www.googletagmanager.com/gtag/js?id=G-ONMIONDEMO'])
    const saw = await session.page.evaluate(() => (window as unknown as { __tagSaw: unknown[][] }).__tagSaw)
    expect(saw[0]).toEqual(['consent', 'default', expect.objectContaining({ analytics_storage: 'denied', ad_storage: 'denied' })])
    expect(saw.at(-1)).toEqual(['consent', 'update', expect.objectContaining({ analytics_storage: 'granted', ad_storage: 'denied' })])
  })

  it('advanced: the tag loads at once, after a default with every optional signal denied', async () => {
    await session.page.goto(`${siteUrl}/consent-mode.html?level=advanced`)
    await session.page.waitForFunction(() => (window as unknown as { __tagRuns?: number }).__tagRuns === 1)
    expect(tagRequests()).toEqual(['GET www.googletagmanager.com/gtag/js?id=G-ONMIONDEMO'])
    const saw = await session.page.evaluate(() => (window as unknown as { __tagSaw: unknown[][] }).__tagSaw)
    expect(saw).toEqual([
      [
        'consent',
        'default',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'denied',
          functionality_storage: 'denied',
          personalization_storage: 'denied',
          security_storage: 'granted',
          wait_for_update: 500,
        },
      ],
    ])
    await session.page.click('#reject')
    expect((await queue()).at(-1)).toEqual(['consent', 'update', expect.objectContaining({ analytics_storage: 'denied' })])
    expect(tagRequests()).toHaveLength(1)
  })
})
