import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BUDGETS, type Budget } from './budgets.js'
import { measureBundle, sizesOf, type Measured } from './measure.js'

const web = fileURLToPath(new URL('..', import.meta.url))
const packages = fileURLToPath(new URL('../../../packages/', import.meta.url))

/** One line of the size report. */
export interface Integration {
  readonly name: string
  /** How it was built, in words, so the figure can be reproduced. */
  readonly how: string
  readonly measured: Measured
  readonly budget?: Budget
}

/**
 * The first fenced block of a README in the given language: the example as its reader copies it.
 *
 * @example readmeExample(readFileSync('README.md', 'utf8'), 'ts')
 */
export function readmeExample(markdown: string, lang: string): string {
  const match = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'm').exec(markdown)
  if (match?.[1] === undefined) throw new Error(`no \`\`\`${lang} block in the README`)
  return match[1]
}

const REACT = ['react', 'react-dom', 'scheduler']

/**
 * Measures everything the report prints: the client and React README examples as written (they
 * are resolved from apps/web, so `@onmion/*` resolves to the packages' built `dist`, as for a
 * user), the demo site, and the peers (vanilla-cookieconsent, c15t) built the same way.
 * `siteDist` is apps/web's Vite production build (React included), when it exists.
 */
export async function measureIntegrations(siteDist = `${web}dist`): Promise<Integration[]> {
  const example = (pkg: string, lang: 'ts' | 'tsx'): string => readmeExample(readFileSync(`${packages}${pkg}/README.md`, 'utf8'), lang)
  const lines: Integration[] = [
    {
      name: '@onmion/privacy-client README example',
      how: 'esbuild, browser, minified; policy and client bundled',
      measured: await measureBundle({ contents: example('client', 'ts'), resolveDir: web, loader: 'ts' }),
      budget: BUDGETS.client,
    },
    {
      name: '@onmion/privacy-react README page',
      how: 'esbuild, browser, minified; react, react-dom external',
      measured: await measureBundle({ contents: example('react', 'tsx'), resolveDir: web, loader: 'tsx' }, REACT),
      budget: BUDGETS.react,
    },
    {
      name: '@onmion/privacy-client/network (opt-in entry)',
      how: 'esbuild, browser, minified; gateNetwork alone: what it adds to a page that has the client',
      measured: await measureBundle({ contents: "export { gateNetwork } from '@onmion/privacy-client/network'", resolveDir: web, loader: 'ts' }),
      budget: BUDGETS.network,
    },
    {
      name: '@onmion/privacy-client/embeds (opt-in entry)',
      how: 'esbuild, browser, minified; placeEmbeds alone: what it adds to a page that has the client',
      measured: await measureBundle({ contents: "export { placeEmbeds } from '@onmion/privacy-client/embeds'", resolveDir: web, loader: 'ts' }),
      budget: BUDGETS.embeds,
    },
    {
      name: '@onmion/privacy-client/google-tag (opt-in entry)',
      how: 'esbuild, browser, minified; loadGoogleTag alone (with the Consent Mode mapping it shares with the client)',
      measured: await measureBundle({ contents: "export { loadGoogleTag } from '@onmion/privacy-client/google-tag'", resolveDir: web, loader: 'ts' }),
      budget: BUDGETS.googleTag,
    },
    {
      name: '@onmion/privacy-client/account (opt-in entry)',
      how: "esbuild, browser, minified; restoreChoice alone (with the schema's version check it shares with the client)",
      measured: await measureBundle({ contents: "export { restoreChoice } from '@onmion/privacy-client/account'", resolveDir: web, loader: 'ts' }),
      budget: BUDGETS.account,
    },
    {
      name: '@onmion/privacy-proof, every verifier',
      how: 'esbuild, browser, minified; the offline verifier of proofs and receipts',
      measured: await measureBundle({
        // Everything the package exports, so a verifier added later is measured without a change here.
        contents: "export * from '@onmion/privacy-proof'",
        resolveDir: web,
        loader: 'ts',
      }),
      budget: BUDGETS.proof,
    },
    {
      name: 'apps/web (demo site), React excluded',
      how: 'esbuild of src/main.tsx, browser, minified; react, react-dom external',
      measured: await measureBundle({ entry: `${web}src/main.tsx` }, REACT),
    },
    {
      name: 'apps/web (demo site), React included',
      how: 'esbuild of src/main.tsx, browser, minified, production React',
      measured: await measureBundle({ entry: `${web}src/main.tsx` }),
    },
  ]
  if (existsSync(`${siteDist}/index.html`)) {
    // What the landing page loads (the entry and what index.html preloads), then every chunk
    // (the policy page's renderer loads only on /privacy).
    const assets = readdirSync(`${siteDist}/assets`)
    const html = readFileSync(`${siteDist}/index.html`, 'utf8')
    const read = (files: string[]): Buffer[] => files.map((file) => readFileSync(`${siteDist}/assets/${file}`))
    const first = assets.filter((file) => html.includes(`/assets/${file}`))
    for (const [label, files] of [
      ['landing page', first],
      ['all chunks', assets],
    ] as const) {
      lines.push({
        name: `apps/web (demo site) production build, React included, ${label}`,
        how: 'vite build (dist/assets)',
        measured: { js: sizesOf(read(files.filter((f) => f.endsWith('.js')))), css: sizesOf(read(files.filter((f) => f.endsWith('.css')))), inputs: [] },
      })
    }
  }
  lines.push({
    name: 'vanilla-cookieconsent 3.1 (same page)',
    how: 'esbuild of peers/vanilla-cookieconsent/main.ts, browser, minified',
    measured: await measureBundle({ entry: `${web}peers/vanilla-cookieconsent/main.ts` }),
  })
  lines.push({
    name: 'c15t 2.2 headless core (same categories, hand-made banner)',
    how: "esbuild of peers/c15t/main.ts, browser, minified; its quickstart's minimal prompt, offline mode",
    measured: await measureBundle({ entry: `${web}peers/c15t/main.ts` }),
  })
  return lines
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`

/**
 * The report as text: one line per integration, JS gzip -9 and brotli (CSS apart), budget verdicts.
 *
 * @example console.log(formatReport(await measureIntegrations()))
 */
export function formatReport(lines: readonly Integration[]): string {
  const rows = lines.map((line) => {
    const { js, css } = line.measured
    const budget =
      line.budget === undefined
        ? ''
        : js.gzip > line.budget.limit
          ? `  OVER BUDGET ${kb(line.budget.limit)}`
          : `  budget ${kb(line.budget.limit)}${js.gzip > line.budget.aim ? ` (above the aim, ${kb(line.budget.aim)})` : ` (aim ${kb(line.budget.aim)}: met)`}`
    const styles = css === undefined ? '' : `  + CSS ${kb(css.gzip)} gzip`
    const lazy = line.measured.lazyJs === undefined ? '' : `  (+ ${kb(line.measured.lazyJs.gzip)} gzip loaded on demand)`
    return `${line.name}\n    JS ${kb(js.min)} min, ${kb(js.gzip)} gzip -9, ${kb(js.brotli)} brotli${styles}${lazy}${budget}\n    (${line.how})`
  })
  return rows.join('\n')
}

/** The integrations over their budget (gzip -9 of the JS). */
export function overBudget(lines: readonly Integration[]): Integration[] {
  return lines.filter((line) => line.budget !== undefined && line.measured.js.gzip > line.budget.limit)
}
