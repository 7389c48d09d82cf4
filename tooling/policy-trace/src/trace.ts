/**
 * Builds the trace: every statement of the rendered policy matched to its link, every link
 * checked against the repository (data paths, code names, test titles). A problem names the
 * statement it leaves unproven, so CI says what broke in the policy's words.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onmionPolicy } from '@onmion/privacy-policy'
import type { TraceKind, TraceLink, Mutant } from './link.js'
import { declaredNames, testTitles } from './source-index.js'
import { statementsOf, type Statement } from './statements.js'

/** The repository this package lives in. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '')

/** The published policy, relative to the repository root. */
export const POLICY_MD = 'packages/policy/POLICY.md'

/** A test the trace points at: its file and full Vitest title. */
export interface TestRef {
  readonly file: string
  readonly title: string
}

/** A statement with what proves it. */
export interface TracedStatement extends Statement {
  readonly kind: TraceKind
  readonly data: readonly string[]
  readonly code: readonly string[]
  readonly tests: readonly TestRef[]
  readonly mutant?: Mutant
  readonly evidence?: string
}

/** The whole trace of one policy version. */
export interface Trace {
  readonly policyVersion: string
  readonly statements: readonly TracedStatement[]
  /** What is wrong, one line each, naming the statement: empty when the trace holds. */
  readonly problems: readonly string[]
}

/** Splits `file :: title` into its parts. */
export function parseTestRef(ref: string): TestRef {
  const at = ref.indexOf(' :: ')
  return at < 0 ? { file: ref, title: '' } : { file: ref.slice(0, at), title: ref.slice(at + 4) }
}

/** Resolves `a.b[id].c` in the policy: arrays are indexed by their elements' `id` (or `name`). */
export function resolveDataPath(root: unknown, path: string): unknown {
  let value: unknown = root
  for (const segment of path.split('.')) {
    const m = /^([^[\]]+)(?:\[([^\]]+)\])?$/.exec(segment)
    if (!m?.[1] || value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[m[1]]
    if (m[2] !== undefined) {
      if (!Array.isArray(value)) return undefined
      const key = m[2]
      value = (value as { id?: unknown; name?: unknown }[]).find((x) => x.id === key || x.name === key)
    }
  }
  return value
}

/** Checks one link against the repository; returns its problems (without the statement). */
function checkLink(link: TraceLink, root: string, policy: unknown): string[] {
  const problems: string[] = []
  for (const path of link.data ?? []) if (resolveDataPath(policy, path) === undefined) problems.push(`data path ${path} is not in the policy`)
  for (const ref of link.code ?? []) {
    const [file, name] = ref.split('#') as [string, string | undefined]
    if (!existsSync(join(root, file))) problems.push(`code file ${file} no longer exists`)
    else if (name !== undefined && !declaredNames(join(root, file)).has(name)) problems.push(`code ${ref} no longer exists`)
  }
  for (const ref of link.tests ?? []) {
    const { file, title } = parseTestRef(ref)
    if (!existsSync(join(root, file))) problems.push(`test file ${file} no longer exists`)
    else if (!testTitles(join(root, file)).has(title)) problems.push(`test "${title}" no longer exists in ${file}`)
  }
  if (link.kind === 'enforced') {
    if ((link.code ?? []).length === 0) problems.push('enforced, but no enforcing code is linked')
    if ((link.tests ?? []).length === 0) problems.push('enforced, but no test is linked')
    if (link.mutant === undefined) problems.push('enforced, but has no mutant to prove its tests')
  } else if (!link.evidence) {
    problems.push(`${link.kind}, but says no evidence`)
  }
  return problems
}

/**
 * The trace of the published policy (POLICY.md) against a repository checkout.
 *
 * @param root the repository root
 * @param links the links to apply (the project's `links` by default; tests pass edited copies)
 * @example
 * const trace = buildTrace(repoRoot, links)
 * if (trace.problems.length > 0) throw new Error(trace.problems.join('\n'))
 */
export function buildTrace(root: string, links: readonly TraceLink[], policy = onmionPolicy): Trace {
  const problems: string[] = []
  // The published text as committed: POLICY.md (its own test fails when it is not the rendered data).
  const statements = statementsOf(readFileSync(join(root, POLICY_MD), 'utf8'))
  const checked = new Map<TraceLink, string[]>()
  const used = new Set<TraceLink>()
  const traced: TracedStatement[] = []

  for (const statement of statements) {
    const matching = links.filter((l) => l.match.section === statement.section && l.match.text.test(statement.text))
    if (matching.length === 0) {
      problems.push(`${statement.id}: no link traces “${statement.text}”`)
      continue
    }
    if (matching.length > 1) problems.push(`${statement.id}: ${String(matching.length)} links match “${statement.text}”; make them exclusive`)
    const [link] = matching as [TraceLink, ...TraceLink[]]
    used.add(link)
    const linkProblems = checked.get(link) ?? checkLink(link, root, policy)
    checked.set(link, linkProblems)
    for (const p of linkProblems) problems.push(`${statement.id}: ${p} (“${statement.text}”)`)
    traced.push({
      ...statement,
      kind: link.kind,
      data: link.data ?? [],
      code: link.code ?? [],
      tests: (link.tests ?? []).map(parseTestRef),
      ...(link.mutant ? { mutant: link.mutant } : {}),
      ...(link.evidence ? { evidence: link.evidence } : {}),
    })
  }
  for (const link of links) if (!used.has(link)) problems.push(`a link for section ${String(link.match.section)} ${String(link.match.text)} matches no statement: remove it`)
  return { policyVersion: policy.meta.version, statements: traced, problems }
}
