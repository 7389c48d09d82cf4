/**
 * The mutation run: for each enforced statement, apply its mutant and run the statement's linked
 * tests; at least one must fail. A mutant that no linked test kills means the links do not prove
 * the statement, and the run reports it by the statement's id.
 *
 * Each mutant is applied in memory by the shared Vitest preset (ONMION_TRACE_MUTANT), one Vitest
 * process per package of linked tests, so the working tree is never edited.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { mutantEnv } from './config.js'
import type { Mutant } from './link.js'
import type { TestRef, Trace } from './trace.js'

/** What happened to one statement's mutant. */
export interface MutantResult {
  readonly statement: string
  readonly breaks: string
  /** `killed` by a failing linked test; `survived` when they all passed; `invalid` when it could not be judged. */
  readonly outcome: 'killed' | 'survived' | 'invalid'
  /** The failing tests, or why the mutant could not be judged. */
  readonly detail: string
}

interface VitestJson {
  numFailedTests: number
  numPassedTests: number
  numFailedTestSuites: number
  testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string }[] }[]
}

/** The package directory holding a file: the nearest parent with a package.json. */
function packageOf(root: string, file: string): string {
  let dir = dirname(join(root, file))
  while (dir !== root && !existsSync(join(dir, 'package.json'))) dir = dirname(dir)
  return dir
}

/** A Vitest `-t` pattern for test titles: parts joined as Vitest joins them, `%s`/`$x` placeholders open. */
export function titlePattern(titles: readonly string[]): string {
  const one = (title: string): string =>
    title
      .split(' > ')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%[sdijfo#%]|\\\$[A-Za-z_]\w*/g, '.*'))
      .join(' ')
  return titles.map(one).join('|')
}

/** Runs Vitest in one package on some of its test titles; `mutant` undefined runs them as they are. */
async function runVitest(pkg: string, root: string, tests: readonly TestRef[], mutant: Mutant | undefined): Promise<VitestJson | string> {
  const dir = await mkdtemp(join(tmpdir(), 'trace-mutant-'))
  const out = join(dir, 'result.json')
  const files = [...new Set(tests.map((t) => relative(pkg, join(root, t.file))))]
  const args = [join(pkg, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files, '-t', titlePattern(tests.map((t) => t.title)), '--reporter=json', `--outputFile=${out}`, '--typecheck.enabled=false', '--passWithNoTests',
    // A test run alone (by title) starts its database inside the test, not in a shared hook: on a
    // loaded machine that takes longer than the preset's 30 s. A mutant is judged by failures, never by time.
    '--testTimeout=600000', '--hookTimeout=600000']
  const spec = mutant === undefined ? undefined : JSON.stringify({ ...mutant, file: join(root, mutant.file) })
  try {
    await new Promise<void>((resolve) => {
      // Exit codes are read from the JSON report, not the process: a failing test is the point.
      execFile(process.execPath, args, { cwd: pkg, env: mutantEnv(spec), maxBuffer: 64 * 1024 * 1024 }, () => { resolve() })
    })
    if (!existsSync(out)) return 'Vitest wrote no report'
    return JSON.parse(await readFile(out, 'utf8')) as VitestJson
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function failing(report: VitestJson): string[] {
  return report.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName))
}

/**
 * Cheapest first: unit tests under a package's `src/` before its `test/` suites (which start
 * databases), libraries before apps, the browser suite last. A mutant killed by a unit test never
 * starts a database or a browser.
 */
function cost(root: string, file: string): number {
  const pkg = packageOf(root, file)
  const where = pkg.includes('/apps/web') ? 30 : pkg.includes('/apps/') ? 20 : 0
  return where + (relative(pkg, join(root, file)).startsWith('src/') ? 0 : 10)
}

/** Checks the mutant's text is in its file, once, where the preset will look for it. */
function mutantApplies(root: string, mutant: Mutant): boolean {
  const path = join(root, mutant.file)
  if (!existsSync(path)) return false
  const code = readFileSync(path, 'utf8')
  if (mutant.after === undefined) {
    // Without an anchor the text must be unique: "retention_extended: material(" is also the end
    // of "data_category_retention_extended: material(", and the wrong rule would be mutated.
    return code.split(mutant.find).length === 2
  }
  const from = code.indexOf(mutant.after)
  return from >= 0 && code.slice(from).includes(mutant.find)
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order of results. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  const queue = items.map((item, i) => [item, i] as const)
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) results[next[1]] = await fn(next[0])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Runs every enforced statement's mutant against its linked tests. Statements that share a link
 * share its mutant, which runs once. The linked tests run file by file, cheapest first, until one
 * fails; a kill counts only if that file's tests pass unmutated (a test that fails anyway would
 * "kill" every mutant).
 *
 * @example
 * const results = await runMutants(root, buildTrace(root, links))
 * const survivors = results.filter((r) => r.outcome !== 'killed')
 */
export async function runMutants(root: string, trace: Trace, options: { concurrency?: number; onResult?: (results: readonly MutantResult[]) => void } = {}): Promise<MutantResult[]> {
  const byMutant = new Map<Mutant, { statements: string[]; tests: readonly TestRef[] }>()
  for (const s of trace.statements) {
    if (s.kind !== 'enforced' || s.mutant === undefined) continue
    const entry = byMutant.get(s.mutant) ?? { statements: [], tests: s.tests }
    entry.statements.push(s.id)
    byMutant.set(s.mutant, entry)
  }
  const byFile = (tests: readonly TestRef[]): [string, TestRef[]][] => {
    const map = new Map<string, TestRef[]>()
    for (const t of tests) map.set(t.file, [...(map.get(t.file) ?? []), t])
    return [...map].sort((a, b) => cost(root, a[0]) - cost(root, b[0]))
  }
  // The baseline of a file's linked tests, run unmutated once, when a mutant's kill depends on it.
  const baselines = new Map<string, Promise<string | undefined>>()
  const baseline = (file: string, tests: readonly TestRef[]): Promise<string | undefined> => {
    const key = `${file} :: ${tests.map((t) => t.title).join(' | ')}`
    let pending = baselines.get(key)
    if (pending === undefined) {
      pending = runVitest(packageOf(root, file), root, tests, undefined).then((report) =>
        typeof report === 'string' ? report : report.numFailedTests > 0 || report.numFailedTestSuites > 0 ? `the linked tests in ${file} fail without the mutant: ${failing(report).join('; ')}` : undefined,
      )
      baselines.set(key, pending)
    }
    return pending
  }

  const results = await pool([...byMutant], options.concurrency ?? 2, async ([mutant, { statements, tests }]): Promise<MutantResult[]> => {
    const judge = (outcome: MutantResult['outcome'], detail: string): MutantResult[] => {
      const judged = statements.map((statement) => ({ statement, breaks: mutant.breaks, outcome, detail }))
      options.onResult?.(judged)
      return judged
    }
    if (!mutantApplies(root, mutant)) return judge('invalid', `its text "${mutant.find}" is not in ${mutant.file} once (give an \`after\` anchor)`)
    const attempt = async (): Promise<{ outcome: MutantResult['outcome']; detail: string }> => {
      let ran = 0
      for (const [file, fileTests] of byFile(tests)) {
        const report = await runVitest(packageOf(root, file), root, fileTests, mutant)
        if (typeof report === 'string') return { outcome: 'invalid', detail: report }
        const failed = failing(report)
        if (failed.length > 0) {
          const broken = await baseline(file, fileTests)
          const named = failed.length > 3 ? `${failed.slice(0, 3).join('; ')} and ${String(failed.length - 3)} more` : failed.join('; ')
          return broken === undefined ? { outcome: 'killed', detail: named } : { outcome: 'invalid', detail: broken }
        }
        if (report.numFailedTestSuites > 0) {
          const why = report.testResults.find((f) => f.message)?.message?.split('\n')[0] ?? 'a test file failed to load'
          return { outcome: 'invalid', detail: `the mutant stops ${file} loading, so no test judged it: ${why}` }
        }
        ran += report.numPassedTests
      }
      return ran === 0 ? { outcome: 'invalid', detail: 'no linked test ran (titles not matched)' } : { outcome: 'survived', detail: `${String(ran)} linked tests passed with it` }
    }
    // A survivor is judged twice: a real one survives every time, the linked tests being
    // deterministic. Once in CI (2026-12-07, two Vitest runs at a time on a loaded machine) a
    // mutant that every rerun killed survived one run; a build fails on a survival seen twice.
    let result = await attempt()
    if (result.outcome === 'survived') result = await attempt()
    return judge(result.outcome, result.detail)
  })
  return results.flat()
}
