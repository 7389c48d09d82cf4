import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { links } from '../src/links.js'
import { traceJson, traceMarkdown } from '../src/render.js'
import { buildTrace, parseTestRef, POLICY_MD, REPO_ROOT } from '../src/trace.js'

const trace = buildTrace(REPO_ROOT, links)

describe('the trace of the current policy', () => {
  test('traces every statement, and every link resolves to data, code and tests that exist', () => {
    expect(trace.problems).toEqual([])
    expect(trace.statements.length).toBeGreaterThan(90)
  })

  test('links every enforced statement to code, tests and a mutant, and every other one to evidence', () => {
    for (const s of trace.statements) {
      if (s.kind === 'enforced') {
        expect(s.code.length, s.id).toBeGreaterThan(0)
        expect(s.tests.length, s.id).toBeGreaterThan(0)
        expect(s.mutant, s.id).toBeDefined()
      } else {
        expect(s.evidence, s.id).toBeTruthy()
      }
    }
  })

  test('the promises the issue names are enforced, not informational', () => {
    const kindOf = (text: RegExp): string | undefined => trace.statements.find((s) => text.test(s.text))?.kind
    expect(kindOf(/^SMS opt-out logs \|/)).toBe('enforced')
    expect(kindOf(/^We do NOT sell/)).toBe('enforced')
    expect(kindOf(/we respond within 30 days/)).toBe('enforced')
    expect(kindOf(/^Opt-out: Reply STOP/)).toBe('enforced')
    expect(kindOf(/^Routine penetration testing/)).toBe('organisational')
  })

  test('TRACE.md and trace.json are the rendered trace (run the render script after a change)', () => {
    expect(readFileSync(join(REPO_ROOT, 'packages/policy/TRACE.md'), 'utf8')).toBe(traceMarkdown(trace))
    expect(readFileSync(join(REPO_ROOT, 'packages/policy/trace.json'), 'utf8')).toBe(traceJson(trace))
  })
})

describe('a broken link fails, naming the statement', () => {
  // A copy of every file the links point at, to break one of them without touching the checkout.
  const root = mkdtempSync(join(tmpdir(), 'trace-root-'))
  afterAll(() => { rmSync(root, { recursive: true, force: true }) })
  const files = new Set([POLICY_MD, ...links.flatMap((l) => [...(l.code ?? []).map((c) => c.split('#')[0]!), ...(l.tests ?? []).map((t) => parseTestRef(t).file)])])
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    copyFileSync(join(REPO_ROOT, file), join(root, file))
  }

  test('the copy traces like the checkout', () => {
    expect(buildTrace(root, links).problems).toEqual([])
  })

  test('removing a linked test', () => {
    const file = join(root, 'packages/schema/src/sharing.test.ts')
    const source = readFileSync(file, 'utf8')
    writeFileSync(file, source.replace("test('a sale is refused always, whatever is asked'", "test.skip('a sale was refused'"))
    try {
      const problems = buildTrace(root, links).problems
      expect(problems).toContainEqual(expect.stringMatching(/^§5\.we-do-not-sell-personal-information: test "a sale is refused always, whatever is asked" no longer exists/))
    } finally {
      writeFileSync(file, source)
    }
  })

  test('removing the enforcing function', () => {
    const file = join(root, 'packages/server/src/sms/classify.ts')
    const source = readFileSync(file, 'utf8')
    writeFileSync(file, source.replace('export function classifySms(', 'export function readSms('))
    try {
      expect(buildTrace(root, links).problems).toContainEqual(expect.stringMatching(/^§4\.opt-out-reply-stop-to-any: code packages\/server\/src\/sms\/classify\.ts#classifySms no longer exists/))
    } finally {
      writeFileSync(file, source)
    }
  })

  test('a statement no link matches, and a link that matches nothing', () => {
    const without = links.filter((l) => !(l.match.section === 5 && l.match.text.source.startsWith('^We do NOT sell')))
    expect(buildTrace(root, without).problems).toContainEqual(expect.stringMatching(/^§5\.we-do-not-sell-personal-information: no link traces “We do NOT sell personal information\.”/))
    const extra = [...links, { match: { section: 4, text: /^Reply PIZZA/ }, kind: 'informational' as const, evidence: 'none' }]
    expect(buildTrace(root, extra).problems).toContainEqual(expect.stringContaining('matches no statement'))
  })
})
