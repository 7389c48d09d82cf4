/**
 * Time to banner, in Debian's Chromium, on production builds served from loopback: the demo site
 * (Onmion's SDK) and the same page built with vanilla-cookieconsent (peers/), measured in the
 * same run, in alternating order, in fresh browser contexts (a first visit: no consent cookie).
 *
 * - banner: from navigation start to the banner being visible (in the DOM, with a box,
 *   `visibility: visible` and opacity above 0), read in the page from `performance.now()`;
 * - accept: from the "Accept all" click to the first gated script (public/analytics.js) running.
 *
 * Run with `pnpm --filter @onmion/web bench`. Medians go to stdout with their ratio, and to
 * bench/results/time-to-banner.json; nothing here gates CI (the figures depend on the machine).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { arch, cpus, platform, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { build } from 'vite'
import { launchBrowser } from '../test/browser.js'
import { serveStatic } from '../test/static-server.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const web = fileURLToPath(new URL('..', import.meta.url))

interface Site {
  readonly name: string
  readonly url: string
  readonly banner: string
  readonly accept: string
}

// Recorded in the page from the first byte: when the banner is first visible, when the gated
// analytics tag first runs (it sets window.__analyticsRuns), and when Accept was clicked.
const probe = (selector: string): string => `(() => {
  const marks = (window.__bench = {})
  const visible = (el) => {
    if (!el) return false
    const style = getComputedStyle(el)
    const box = el.getBoundingClientRect()
    return box.width > 0 && box.height > 0 && style.visibility === 'visible' && Number(style.opacity) > 0
  }
  const check = () => {
    if (marks.banner === undefined && visible(document.querySelector(${JSON.stringify(selector)}))) marks.banner = performance.now()
    if (marks.banner === undefined) requestAnimationFrame(check)
  }
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true })
  requestAnimationFrame(check)
  let runs
  Object.defineProperty(window, '__analyticsRuns', {
    configurable: true,
    get: () => runs,
    set: (value) => { if (marks.script === undefined) marks.script = performance.now(); runs = value },
  })
})()`

async function buildSites(out: string): Promise<{ onmion: string; vanilla: string }> {
  process.env.NODE_ENV = 'production'
  const onmion = join(out, 'onmion')
  const vanilla = join(out, 'vanilla')
  await build({ root: web, mode: 'production', logLevel: 'warn', build: { outDir: onmion, emptyOutDir: true } })
  await build({
    root: join(web, 'peers/vanilla-cookieconsent'),
    configFile: false,
    publicDir: join(web, 'public'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: vanilla, emptyOutDir: true, target: 'es2022' },
  })
  return { onmion, vanilla }
}

async function measure(browser: Browser, site: Site): Promise<{ banner: number; accept: number }> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.addInitScript(probe(site.banner))
    await page.goto(site.url)
    await page.waitForFunction(() => (window as unknown as { __bench: { banner?: number } }).__bench.banner !== undefined)
    const clickedAt = await page.evaluate((selector) => {
      const at = performance.now()
      document.querySelector<HTMLElement>(selector)!.click()
      return at
    }, site.accept)
    await page.waitForFunction(() => (window as unknown as { __bench: { script?: number } }).__bench.script !== undefined)
    const marks = await page.evaluate(() => (window as unknown as { __bench: { banner: number; script: number } }).__bench)
    return { banner: marks.banner, accept: marks.script - clickedAt }
  } finally {
    await context.close()
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const out = await mkdtemp(join(tmpdir(), 'onmion-bench-'))
const dirs = await buildSites(out)
const onmionServer = await serveStatic(dirs.onmion)
const vanillaServer = await serveStatic(dirs.vanilla)
const sites: Site[] = [
  { name: 'onmion (apps/web)', url: `${onmionServer.url}/`, banner: 'section[aria-label="Cookie consent"]', accept: 'section[aria-label="Cookie consent"] button:nth-of-type(2)' },
  { name: 'vanilla-cookieconsent 3.1', url: `${vanillaServer.url}/`, banner: '#cc-main .cm', accept: '#cc-main .cm [data-role="all"]' },
]
const browser = await launchBrowser()
const samples = new Map(sites.map((site) => [site.name, { banner: [] as number[], accept: [] as number[] }]))
try {
  for (const site of sites) await measure(browser, site) // warm-up: the OS file cache and the browser's code cache
  for (let round = 0; round < ROUNDS; round++) {
    for (const site of round % 2 === 0 ? sites : [...sites].reverse()) {
      const result = await measure(browser, site)
      samples.get(site.name)!.banner.push(result.banner)
      samples.get(site.name)!.accept.push(result.accept)
    }
  }
} finally {
  await browser.close()
  onmionServer.server.close()
  vanillaServer.server.close()
  await rm(out, { recursive: true, force: true })
}

const figures = sites.map((site) => {
  const s = samples.get(site.name)!
  return { site: site.name, rounds: ROUNDS, bannerMedianMs: Number(median(s.banner).toFixed(1)), acceptToScriptMedianMs: Number(median(s.accept).toFixed(1)) }
})
const [onmion, vanilla] = figures as [(typeof figures)[number], (typeof figures)[number]]
const ratio = {
  banner: Number((onmion.bannerMedianMs / vanilla.bannerMedianMs).toFixed(2)),
  acceptToScript: Number((onmion.acceptToScriptMedianMs / vanilla.acceptToScriptMedianMs).toFixed(2)),
}
for (const f of figures) console.log(`${f.site.padEnd(28)} banner visible ${f.bannerMedianMs.toFixed(1).padStart(7)} ms   accept -> gated script ${f.acceptToScriptMedianMs.toFixed(1).padStart(7)} ms   (median of ${f.rounds})`)
console.log(`ratio onmion / vanilla-cookieconsent: banner ${ratio.banner}x, accept -> script ${ratio.acceptToScript}x`)

await mkdir(new URL('results/', import.meta.url), { recursive: true })
await writeFile(
  new URL('results/time-to-banner.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine: { platform: platform(), arch: arch(), cpus: cpus().length, cpu: cpus()[0]?.model }, browser: '/usr/bin/chromium (headless)', figures, ratio }, null, 2)}\n`,
)
