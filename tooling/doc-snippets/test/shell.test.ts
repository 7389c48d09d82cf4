import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shellSyntaxError, unknownPnpmScripts } from '../src/shell.js'

describe('shell snippets', () => {
  let root: string
  let workspace: { root: string; packages: Map<string, string> }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'doc-snippets-shell-'))
    await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { start: 'x', 'version-packages': 'x' } }))
    await mkdir(join(root, 'apps', 'svc'), { recursive: true })
    await writeFile(join(root, 'apps', 'svc', 'package.json'), JSON.stringify({ name: '@x/svc', scripts: { cli: 'x' } }))
    workspace = { root, packages: new Map([['@x/svc', join(root, 'apps', 'svc')]]) }
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('finds a quote left open', () => {
    expect(shellSyntaxError('echo "fine" && ls\n')).toBeUndefined()
    expect(shellSyntaxError('curl -d \'{"a": 1}\n')).toMatch(/unexpected EOF|unexpected end of file/)
  })

  it('resolves pnpm commands to scripts of the root or of the filtered package', () => {
    const ok = 'npx -y pnpm@10 install && npx -y pnpm@10 start\npnpm version-packages # release\npnpm --filter @x/svc cli keys list\npnpm run start\npnpm add zod'
    expect(unknownPnpmScripts(ok, workspace)).toEqual([])
    expect(unknownPnpmScripts('pnpm version', workspace)).toEqual(['pnpm version: the workspace root has no such script (or binary)'])
    expect(unknownPnpmScripts('pnpm --filter @x/svc start', workspace)).toEqual(['pnpm start: @x/svc has no such script (or binary)'])
    expect(unknownPnpmScripts('pnpm --filter @x/gone test', workspace)).toEqual(['pnpm --filter @x/gone: no workspace package has that name'])
    expect(unknownPnpmScripts('# pnpm nonsense, in a comment', workspace)).toEqual([])
  })
})
