import { relative } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build, type Loader } from 'esbuild'

/** One compressed figure set of a file or a group of files. */
export interface Sizes {
  /** Minified bytes. */
  readonly min: number
  /** gzip at level 9. */
  readonly gzip: number
  /** brotli at quality 11 (what a CDN serves). */
  readonly brotli: number
}

/** A bundle's sizes, JS and CSS apart, and the modules it was built from (to prove what is not in it). */
export interface Measured {
  /** The JS a page loads at once: the entry and what it imports statically. */
  readonly js: Sizes
  /** JS chunks loaded on demand (dynamic `import()`), when there are any. */
  readonly lazyJs?: Sizes | undefined
  readonly css: Sizes | undefined
  /** Paths of every input module, relative to the working directory as esbuild reports them. */
  readonly inputs: readonly string[]
}

/** What to bundle: source text (resolved from `resolveDir`, as a file there would be) or a file. */
export type BundleInput = { readonly contents: string; readonly resolveDir: string; readonly loader: Loader } | { readonly entry: string }

/**
 * Sizes of a set of files' contents, each compressed on its own (as a server sends them) and summed.
 *
 * @example sizesOf([Buffer.from('x')]) // { min: 1, gzip: 21, brotli: 5 }
 */
export function sizesOf(files: readonly Uint8Array[]): Sizes {
  let min = 0
  let gzip = 0
  let brotli = 0
  for (const file of files) {
    min += file.byteLength
    gzip += gzipSync(file, { level: 9 }).byteLength
    brotli += brotliCompressSync(file, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: file.byteLength },
    }).byteLength
  }
  return { min, gzip, brotli }
}

/**
 * Bundles as a site's build would (esbuild, browser platform, ESM, minified, production React,
 * default export conditions so workspace packages resolve to their published `dist`) and
 * measures the result. Nothing is written to disk.
 *
 * @example await measureBundle({ entry: 'src/main.tsx' }, ['react', 'react-dom'])
 */
export async function measureBundle(input: BundleInput, external: readonly string[] = []): Promise<Measured> {
  const result = await build({
    ...('entry' in input
      ? { entryPoints: [input.entry] }
      : { stdin: { contents: input.contents, resolveDir: input.resolveDir, loader: input.loader, sourcefile: `example.${input.loader}` } }),
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    external: [...external, ...external.map((name) => `${name}/*`)],
    define: {
      'process.env.NODE_ENV': '"production"',
      'import.meta.env.VITE_CONSENT_ENDPOINT': '""',
      'import.meta.env.VITE_PUBLISHABLE_KEY': '""',
    },
    outdir: 'out',
    // Split at dynamic imports, as a site's bundler does, so what loads on demand is told apart.
    splitting: 'entry' in input,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const outputs = result.metafile.outputs
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined || path.endsWith('stdin.js')) ?? ''
  const landing = new Set<string>()
  const visit = (path: string): void => {
    if (landing.has(path)) return
    landing.add(path)
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
  }
  visit(entry)
  const cssOf = (path: string): string | undefined => outputs[path]?.cssBundle
  const files = (select: (path: string) => boolean): Uint8Array[] =>
    result.outputFiles.filter((file) => select(relative(process.cwd(), file.path))).map((file) => file.contents)
  const isJs = (path: string): boolean => path.endsWith('.js')
  const lazy = files((path) => isJs(path) && !landing.has(path))
  const css = files((path) => path.endsWith('.css') && [...landing].some((js) => cssOf(js) === path))
  return {
    js: sizesOf(files((path) => landing.has(path))),
    lazyJs: lazy.length === 0 ? undefined : sizesOf(lazy),
    css: css.length === 0 ? undefined : sizesOf(css),
    inputs: Object.keys(result.metafile.inputs),
  }
}
