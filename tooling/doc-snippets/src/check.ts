import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { snippetEnv } from './config.js'
import { extractSnippets, type Snippet } from './extract.js'
import { findDocs } from './find-docs.js'
import { shellSyntaxError, unknownPnpmScripts } from './shell.js'

/** One thing wrong with one snippet, at the line of the document where it is. */
export interface SnippetProblem {
  readonly file: string
  readonly line: number
  readonly message: string
}

/** What {@link checkDocs} looked at and found. */
export interface DocsReport {
  readonly docs: readonly string[]
  readonly snippets: readonly Snippet[]
  readonly problems: readonly SnippetProblem[]
  /** Snippets that were run (mode `run`) and passed or failed. */
  readonly ran: number
  readonly skipped: readonly Snippet[]
}

const PACKAGE_DIR = join(import.meta.dirname, '..')
const EXTENSIONS = { ts: 'ts', tsx: 'tsx', js: 'js' } as const

/**
 * The compiler options snippets are checked with: the house's strict settings (strict,
 * `noUncheckedIndexedAccess`, `exactOptionalPropertyTypes`), Node and DOM types together (docs
 * show both sides), React's JSX, workspace packages resolved to their source. Unused names are
 * allowed: an example may show a value without using it.
 */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  customConditions: ['@onmion/source'],
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  jsx: ts.JsxEmit.ReactJSX,
  allowJs: true,
  checkJs: true,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
}

function snippetFileName(snippet: Snippet): string {
  const ext = EXTENSIONS[snippet.language as keyof typeof EXTENSIONS]
  return `${snippet.file.replaceAll('/', '__').replace(/\.md$/, '')}-L${snippet.line}.${ext}`
}

/**
 * Type-checks every TypeScript and JavaScript snippet as its own module in one program, from a
 * directory inside this package, so `@onmion/*` imports resolve to the workspace's sources as a
 * reader's project resolves them to the published packages.
 */
function typecheck(snippets: readonly Snippet[], dir: string): SnippetProblem[] {
  const byFile = new Map(snippets.map((snippet) => [join(dir, snippetFileName(snippet)), snippet]))
  const program = ts.createProgram([...byFile.keys()], COMPILER_OPTIONS)
  const problems: SnippetProblem[] = []
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file === undefined ? undefined : byFile.get(diagnostic.file.fileName)
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (snippet === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      problems.push({ file: diagnostic.file?.fileName ?? '(compiler)', line: 0, message: `TS${diagnostic.code}: ${message}` })
      continue
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    problems.push({ file: snippet.file, line: snippet.line + line, message: `TS${diagnostic.code}: ${message}` })
  }
  return problems
}

/** Identifier keys for the run, as a deployment has them in ONMION_PRIVACY_KEYS. */
function runKeys(): string {
  return JSON.stringify({ current: 'docs', keys: { docs: randomBytes(32).toString('base64') }, hmacKey: randomBytes(32).toString('base64') })
}

/**
 * Runs a snippet as a reader would after `npm install`: Node with tsx, in an empty directory (so
 * `./data` starts fresh), with ONMION_PRIVACY_KEYS set and no DATABASE_URL.
 */
async function run(file: string, snippet: Snippet): Promise<SnippetProblem | undefined> {
  const cwd = await mkdtemp(join(tmpdir(), 'onmion-snippet-'))
  // By URL: `--import tsx` would be resolved from the (empty) working directory.
  const tsx = pathToFileURL(join(PACKAGE_DIR, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
  try {
    const child = spawn(process.execPath, ['--conditions=@onmion/source', '--import', tsx, file], {
      cwd,
      env: snippetEnv({ DATABASE_URL: '', ONMION_PRIVACY_KEYS: runKeys(), NODE_NO_WARNINGS: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.on('close', (exit) => done(exit)))
    if (code === 0) return undefined
    return { file: snippet.file, line: snippet.line, message: `running it exited ${String(code)}:\n${output.trim().split('\n').slice(-15).join('\n')}` }
  } finally {
    await rm(cwd, { recursive: true, force: true })
  }
}

function workspacePackages(root: string): Map<string, string> {
  const packages = new Map<string, string>()
  for (const group of ['apps', 'packages', 'tooling']) {
    const base = join(root, group)
    if (!existsSync(base)) continue
    for (const entry of readdirSync(base)) {
      const manifest = join(base, entry, 'package.json')
      if (existsSync(manifest)) packages.set((JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name, join(base, entry))
    }
  }
  return packages
}

/**
 * Checks every snippet of every README and doc under `root` (see {@link findDocs}):
 * TypeScript/TSX/JS type-checked, snippets marked `<!-- snippet: run -->` also run, shell parsed
 * with `bash -n` and its `pnpm` commands resolved to existing scripts, JSON parsed.
 *
 * @example
 * const report = await checkDocs(root)
 * for (const p of report.problems) console.error(`${p.file}:${p.line}: ${p.message}`)
 */
export async function checkDocs(root: string, options: { docs?: readonly string[] } = {}): Promise<DocsReport> {
  const docs = options.docs ?? (await findDocs(root))
  const snippets: Snippet[] = []
  const problems: SnippetProblem[] = []
  for (const doc of docs) {
    try {
      snippets.push(...extractSnippets(await readFile(join(root, doc), 'utf8'), doc))
    } catch (error) {
      problems.push({ file: doc, line: 0, message: error instanceof Error ? error.message : String(error) })
    }
  }
  // One directory per check (two may run at once), inside this package so imports resolve.
  const dir = join(PACKAGE_DIR, '.snippets', randomUUID())
  await mkdir(dir, { recursive: true })
  try {
    return await checkIn(dir, root, docs, snippets, problems)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function checkIn(dir: string, root: string, docs: readonly string[], snippets: Snippet[], problems: SnippetProblem[]): Promise<DocsReport> {
  const checked = snippets.filter((snippet) => snippet.mode !== 'skip')
  const code = checked.filter((snippet) => snippet.language in EXTENSIONS)
  for (const snippet of code) await writeFile(join(dir, snippetFileName(snippet)), snippet.code)
  problems.push(...typecheck(code, dir))

  const workspace = { root, packages: workspacePackages(root) }
  for (const snippet of checked) {
    if (snippet.language === 'sh') {
      const syntax = shellSyntaxError(snippet.code)
      if (syntax !== undefined) problems.push({ file: snippet.file, line: snippet.line, message: `shell: ${syntax}` })
      for (const message of unknownPnpmScripts(snippet.code, workspace)) problems.push({ file: snippet.file, line: snippet.line, message })
    }
    if (snippet.language === 'json') {
      try {
        JSON.parse(snippet.code)
      } catch (error) {
        problems.push({ file: snippet.file, line: snippet.line, message: `JSON: ${error instanceof Error ? error.message : String(error)}` })
      }
    }
  }

  let ran = 0
  const within = (problem: SnippetProblem, snippet: Snippet): boolean =>
    problem.file === snippet.file && problem.line >= snippet.line && problem.line < snippet.line + snippet.code.split('\n').length
  for (const snippet of code.filter((s) => s.mode === 'run')) {
    // A snippet that does not type-check is reported once, not run as well.
    if (problems.some((problem) => within(problem, snippet))) continue
    ran++
    const failure = await run(join(dir, snippetFileName(snippet)), snippet)
    if (failure !== undefined) problems.push(failure)
  }
  return { docs, snippets, problems, ran, skipped: snippets.filter((snippet) => snippet.mode === 'skip') }
}
