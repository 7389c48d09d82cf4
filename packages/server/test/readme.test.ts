import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)
const packageDir = new URL('..', import.meta.url).pathname
// By URL: `--import tsx` would be resolved from the (empty) working directory.
const tsx = pathToFileURL(join(packageDir, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

it('runs the README example as written', { timeout: 600_000 }, async () => {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8')
  const example = /## Example\s+(?:<!--[^>]*-->\s+)?```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  expect(example).toBeDefined()
  // The file lives in the package (so `@onmion/privacy-server` resolves to this package's source);
  // it runs in an empty directory, so `file:./data/privacy` starts fresh.
  const file = join(packageDir, 'test', `.readme-example-${process.pid}-${Date.now()}.ts`)
  const cwd = await mkdtemp(join(tmpdir(), 'privacy-readme-'))
  await writeFile(file, example!)
  try {
    const { stdout } = await run(process.execPath, ['--conditions=@onmion/source', '--import', tsx, file], { cwd, env: { ...process.env, DATABASE_URL: '' } })
    expect(stdout).toContain("{ allowed: true, reason: 'allowed_consent', basis: 'consent' }")
    expect(stdout).toContain('consent_missing')
    expect(stdout).toContain("reason: 'category_not_allowed_for_recipient'")
    expect(stdout).toContain("[ '1 consent.granted' ]")
    // util.inspect breaks the report over lines once it is long; compare it with whitespace folded.
    expect(stdout.replace(/\s+/g, ' ')).toContain('{ ok: true, subjects: 1, events: 1, redacted: 0, broken: [], brokenSubjects: 0 }')
  } finally {
    await rm(file, { force: true })
    await rm(cwd, { recursive: true, force: true })
  }
})
