import { execFile } from 'node:child_process'
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)
const packageDir = new URL('..', import.meta.url).pathname
const fixtures = join(packageDir, 'test', 'fixtures')
const tsx = pathToFileURL(join(packageDir, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

// The fixtures are a proof and key written by @onmion/privacy-server (`ledger.prove`), so this
// also checks that the server's output and this verifier agree.
it('runs the README example as written, on a proof the server made', { timeout: 120_000 }, async () => {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8')
  const example = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  expect(example).toBeDefined()
  const file = join(packageDir, 'test', `.readme-example-${process.pid}.ts`)
  await writeFile(file, example!)
  await copyFile(join(fixtures, 'proof.json'), join(packageDir, 'proof.json'))
  await copyFile(join(fixtures, 'public-key.json'), join(packageDir, 'public-key.json'))
  try {
    const { stdout } = await run(process.execPath, ['--conditions=@onmion/source', '--import', tsx, file], { cwd: packageDir })
    expect(stdout).toMatch(/^cookies\.choice of u_42 is leaf 6 of 8\nfalse\n$/)
  } finally {
    await Promise.all([file, join(packageDir, 'proof.json'), join(packageDir, 'public-key.json')].map((f) => rm(f, { force: true })))
  }
})
