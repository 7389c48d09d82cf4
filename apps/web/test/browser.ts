import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { fileURLToPath } from 'node:url'

export const CHROMIUM = '/usr/bin/chromium'

/** Where screenshots go (gitignored; CI keeps them as artifacts). */
export const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url))

/**
 * Debian's Chromium, headless. `*.onmion.test` resolves to loopback so cookies can be tested
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
      '--host-resolver-rules=MAP *.onmion.test 127.0.0.1',
    ],
  })
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
