import { readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.turbo', '.snippets', 'test-results', 'coverage', '.changeset'])
// Generated (POLICY.md, from the policy data) or written by tools (CHANGELOG.md, by changesets).
const SKIPPED_FILES = new Set(['CHANGELOG.md', 'POLICY.md'])

/**
 * Every Markdown document of the repository a reader may follow: READMEs and docs, not generated
 * pages, changesets or dependencies. Paths are relative to `root`, with `/`, sorted, so a new
 * README is checked without registering it.
 *
 * @example
 * await findDocs(root) // ['README.md', 'apps/consent-service/README.md', ...]
 */
export async function findDocs(root: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(join(dir, entry.name))
      } else if (entry.isFile() && entry.name.endsWith('.md') && !SKIPPED_FILES.has(entry.name)) {
        found.push(relative(root, join(dir, entry.name)).split(sep).join('/'))
      }
    }
  }
  await walk(root)
  return found.sort()
}
