import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'

export const CHROMIUM = '/usr/bin/chromium'

/** Where screenshots go (gitignored; CI keeps them as artifacts). */
export const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url))

/**
 * Debian's Chromium, headless. `*.onmion.test` and `*.maasoffline.test` resolve to loopback so cookies can be tested
 * on a real host and its parent domain (127.0.0.1 has no parent domain).
 */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(RESULTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--host-resolver-rules=MAP *.onmion.test 127.0.0.1, MAP *.maasoffline.test 127.0.0.1',
    ],
  })
}

/** The live handles of {@link usePage}: read them inside tests and hooks, never at import. */
export interface PageSession {
  readonly browser: Browser
  readonly context: BrowserContext
  readonly page: Page
}

/**
 * The page fixture every browser suite shares: one Chromium per test file, and a fresh context
 * and page for each test (closed after it, so no cookie or storage leaks from one test into the
 * next). Call it at the top of a test file; `setup` runs before each test's page opens (for
 * example to reset a stand-in server).
 *
 * @example
 * const session = usePage({ viewport: { width: 1024, height: 768 } })
 * it('shows the banner', async () => { await session.page.goto(siteUrl) })
 */
export function usePage(options: BrowserContextOptions = {}, setup?: () => Promise<void>): PageSession {
  const session: { browser?: Browser; context?: BrowserContext; page?: Page } = {}
  beforeAll(async () => {
    session.browser = await launchBrowser()
  })
  afterAll(async () => {
    await session.browser?.close()
  })
  beforeEach(async () => {
    await setup?.()
    session.context = await session.browser!.newContext(options)
    session.page = await session.context.newPage()
  })
  afterEach(async () => {
    await session.context?.close()
  })
  return {
    get browser() {
      return session.browser!
    },
    get context() {
      return session.context!
    },
    get page() {
      return session.page!
    },
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe-core on the page and returns its violations (id, impact, and the offending nodes). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run(document)
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.flatMap((n) => n.target) }))
  })
}

/** The page's analytics globals: how often the gated analytics tag ran, and in what order. */
export function analytics(page: Page): Promise<{ runs: number | undefined; order: string[] | undefined; preferencesRuns: number | undefined }> {
  return page.evaluate(() => {
    const w = window as unknown as { __analyticsRuns?: number; __analyticsOrder?: string[]; __preferencesRuns?: number }
    return { runs: w.__analyticsRuns, order: w.__analyticsOrder, preferencesRuns: w.__preferencesRuns }
  })
}
