import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkDocs } from '../src/check.js'

const DOC = `# A package

<!-- snippet: run -->
\`\`\`ts
import { onmionPolicy } from '@onmion/privacy-policy'
console.log(onmionPolicy.meta.version)
\`\`\`

\`\`\`ts
const n: number = 'not a number'
\`\`\`

<!-- snippet: run -->
\`\`\`ts
throw new Error('the example is out of date')
\`\`\`

\`\`\`json
{ "a": 1, }
\`\`\`

<!-- snippet: skip shows a fragment of a config file -->
\`\`\`ts
this would not compile
\`\`\`
`

describe('checkDocs', () => {
  let root: string

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'doc-snippets-check-'))
    await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: {} }))
    await writeFile(join(root, 'README.md'), DOC)
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('type-checks every snippet, runs the marked ones, parses JSON, and reports each at its line', async () => {
    const report = await checkDocs(root)
    expect(report.docs).toEqual(['README.md'])
    expect(report.snippets).toHaveLength(5)
    expect(report.skipped.map((s) => s.reason)).toEqual(['shows a fragment of a config file'])
    expect(report.ran).toBe(2)
    const found = report.problems.map((p) => `${p.file}:${p.line}: ${p.message.split('\n')[0] ?? ''}`)
    expect(found).toEqual([
      "README.md:10: TS2322: Type 'string' is not assignable to type 'number'.",
      expect.stringMatching(/^README\.md:19: JSON: /) as unknown as string,
      'README.md:15: running it exited 1:',
    ])
    expect(report.problems[2]?.message).toContain('the example is out of date')
  })
})
