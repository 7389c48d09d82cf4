import { randomUUID } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { afterEach, expect, test, vi } from 'vitest'
import { onmionPolicy } from './index.js'

const created: URL[] = []
afterEach(async () => {
  await Promise.all(created.splice(0).map((file) => rm(file, { force: true })))
  vi.restoreAllMocks()
})

/** Runs the first `ts` block of a README as a module beside this package's sources. */
async function runExample(readme: URL): Promise<unknown[][]> {
  const text = await readFile(readme, 'utf8')
  const code = /```ts\n([\s\S]*?)```/.exec(text)?.[1]
  expect(code, `${readme.pathname} has a ts example`).toBeDefined()
  const file = new URL(`./.readme-example-${randomUUID()}.ts`, import.meta.url)
  created.push(file)
  await writeFile(file, code!)
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  await import(file.href)
  return log.mock.calls
}

test('the policy README example runs', async () => {
  const printed = await runExample(new URL('../README.md', import.meta.url))
  expect(printed[0]).toEqual([true])
  expect(printed[1]).toEqual(['category_not_allowed_for_recipient'])
})

test('the schema README example runs and prints what its comments say', async () => {
  const printed = await runExample(new URL('../../schema/README.md', import.meta.url))
  expect(printed).toEqual([
    [{ allowed: false, reason: 'consent_missing', basis: 'consent' }],
    ['allowed_consent'],
    ['2025-02-28T00:00:00.000Z'],
    ['major', true, 'recipient "employer" now receives data category "usage_data"'],
    ['<!doctype html>'],
  ])
})

test('each README installs every package its example imports', async () => {
  for (const readme of ['../README.md', '../../schema/README.md']) {
    const text = await readFile(new URL(readme, import.meta.url), 'utf8')
    const install = [...text.matchAll(/```sh\n(pnpm add [^\n]*)\n/g)].flatMap((match) => match[1]!.split(' '))
    const code = /```ts\n([\s\S]*?)```/.exec(text)?.[1] ?? ''
    const imported = [...code.matchAll(/from '(@[^/']+\/[^/']+|[^@.'][^/']*)/g)].map((match) => match[1])
    expect(imported.length, readme).toBeGreaterThan(0)
    for (const name of imported) expect(install, `${readme}: the example imports ${String(name)}`).toContain(name)
  }
})

test('the README lists every operational default of the data', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const fields = [
    ...onmionPolicy.meta.operationalDefaults.map((f) => `meta.${f}`),
    ...onmionPolicy.dataCategories.flatMap((c) => c.operationalDefaults.map((f) => `dataCategories.${c.id}.${f}`)),
    ...onmionPolicy.purposes.flatMap((p) => p.operationalDefaults.map((f) => `purposes.${p.id}.${f}`)),
    ...onmionPolicy.recipients.flatMap((r) => r.operationalDefaults.map((f) => `recipients.${r.id}.${f}`)),
    ...onmionPolicy.cookies.declared.flatMap((c) => c.operationalDefaults.map((f) => `cookies.declared[${c.name ?? c.pattern ?? ''}].${f}`)),
    ...onmionPolicy.retention.flatMap((r) => r.operationalDefaults.map((f) => `retention.${r.id}.${f}`)),
  ]
  expect(fields.length).toBeGreaterThan(0)
  for (const field of fields) expect(readme).toContain(`| \`${field}\` |`)
})
