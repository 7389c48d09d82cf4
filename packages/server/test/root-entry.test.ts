import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'

// Every name an entry exports is named in the README or docs/, so a reader finds what each one is
// (issue: "the root entry's names are each documented"). The entries are barrels of
// `export { ... } from` / `export type { ... } from` lines; the names are read from that text.
const packageDir = new URL('..', import.meta.url).pathname
const ENTRIES = ['index', 'vonage', 'hono', 'express'] as const

async function exportedNames(entry: string): Promise<string[]> {
  const source = await readFile(join(packageDir, 'src', `${entry}.ts`), 'utf8')
  const names: string[] = []
  for (const [, list] of source.matchAll(/^export (?:type )?\{([^}]*)\} from/gm)) {
    for (const item of list!.split(',')) {
      const name = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/).at(-1)!
      if (name !== '') names.push(name)
    }
  }
  return names
}

it('every name of every entry is named in the README or docs/', async () => {
  const docs = await readdir(join(packageDir, 'docs'))
  const text = (await Promise.all(['README.md', ...docs.filter((f) => f.endsWith('.md')).map((f) => join('docs', f))].map((f) => readFile(join(packageDir, f), 'utf8')))).join('\n')
  const undocumented: string[] = []
  for (const entry of ENTRIES) {
    for (const name of await exportedNames(entry)) if (!new RegExp(`\\b${name}\\b`).test(text)) undocumented.push(`${entry}: ${name}`)
  }
  expect(undocumented).toEqual([])
})

it('reads every value an entry exports (the parse misses no export)', async () => {
  for (const entry of ENTRIES) {
    const runtime = Object.keys((await import(`../src/${entry}.ts`)) as object)
    const parsed = await exportedNames(entry)
    expect(runtime.length).toBeGreaterThan(0)
    expect(runtime.filter((name) => !parsed.includes(name)), entry).toEqual([])
  }
})
