import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkDocs } from '../src/check.js'

// The repository's own READMEs and docs: every snippet as written (see README.md).
const root = join(import.meta.dirname, '..', '..', '..')
const report = await checkDocs(root)

describe("the repository's docs", () => {
  it.each(report.docs)('%s: every snippet checks', (doc) => {
    expect(report.problems.filter((problem) => problem.file === doc).map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([])
  })

  it('covers every package README, and runs the server-side examples', () => {
    for (const dir of ['schema', 'policy', 'server', 'client', 'react']) {
      expect(report.snippets.some((s) => s.file === `packages/${dir}/README.md` && s.mode !== 'skip' && ['ts', 'tsx'].includes(s.language)), dir).toBe(true)
    }
    expect(report.ran).toBeGreaterThanOrEqual(6)
    expect(report.problems.filter((problem) => !report.docs.includes(problem.file))).toEqual([])
  })
})
