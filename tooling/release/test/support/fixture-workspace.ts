import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Policy } from '@onmion/privacy-schema'
import { onmionPolicy } from '@onmion/privacy-policy'

/** A deep copy of Onmion's real policy, to edit into fixture policies. */
export function policyCopy(): Policy {
  return structuredClone(onmionPolicy)
}

/** A policy with `version` as meta.version. */
export function withVersion(policy: Policy, version: string): Policy {
  return { ...policy, meta: { ...policy.meta, version } }
}

/** A temp workspace: pnpm-workspace.yaml, .changeset/, packages/policy with a package.json. */
export interface FixtureWorkspace {
  readonly root: string
  readonly policyDir: string
  writeChangeset(id: string, releases: Record<string, 'major' | 'minor' | 'patch'>, summary?: string): Promise<void>
  writeSnapshot(policy: Policy): Promise<void>
  remove(): Promise<void>
}

/**
 * Creates a fixture workspace in `parent` (the OS temp dir by default; tests that import the
 * fixture's TypeScript need it inside this package so `@onmion/privacy-schema` resolves).
 */
export async function createFixtureWorkspace(options: { version: string; parent?: string }): Promise<FixtureWorkspace> {
  const root = await mkdtemp(join(options.parent ?? tmpdir(), 'onmion-release-fixture-'))
  const policyDir = join(root, 'packages', 'policy')
  await mkdir(join(policyDir, 'released'), { recursive: true })
  await mkdir(join(root, '.changeset'), { recursive: true })
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n')
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'fixture-root', private: true }, null, 2))
  await writeFile(
    join(root, '.changeset', 'config.json'),
    JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'public', baseBranch: 'main', updateInternalDependencies: 'patch', ignore: [] }, null, 2),
  )
  await writeFile(join(root, '.changeset', 'README.md'), '# not a changeset\n')
  await writeFile(join(policyDir, 'package.json'), JSON.stringify({ name: '@onmion/privacy-policy', version: options.version, type: 'module' }, null, 2) + '\n')
  return {
    root,
    policyDir,
    async writeChangeset(id, releases, summary = 'A change.') {
      const frontmatter = Object.entries(releases).map(([name, type]) => `"${name}": ${type}`)
      await writeFile(join(root, '.changeset', `${id}.md`), `---\n${frontmatter.join('\n')}\n---\n\n${summary}\n`)
    },
    async writeSnapshot(policy) {
      await writeFile(join(policyDir, 'released', 'policy.json'), JSON.stringify(policy, null, 2) + '\n')
    },
    async remove() {
      await rm(root, { recursive: true, force: true })
    },
  }
}
