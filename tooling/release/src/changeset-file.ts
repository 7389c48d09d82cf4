import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The bumps a changeset may give a package. */
export const CHANGESET_BUMPS = ['major', 'minor', 'patch'] as const
export type ChangesetBump = (typeof CHANGESET_BUMPS)[number]

/** What a changeset says: which packages move by how much, and the CHANGELOG text. */
export interface ChangesetRequest {
  readonly releases: Readonly<Record<string, ChangesetBump>>
  readonly summary: string
  /** The file name without `.md`; derived from the summary when absent. */
  readonly name?: string
}

/**
 * Parses `--bump` values (`@onmion/privacy-server=minor`) against the publishable packages, and
 * returns every problem in words rather than the first.
 *
 * @example
 * parseBumps(['@onmion/privacy-policy=major'], ['@onmion/privacy-policy']) // { releases: { '@onmion/privacy-policy': 'major' }, problems: [] }
 */
export function parseBumps(values: readonly string[], publishable: readonly string[]): { releases: Record<string, ChangesetBump>; problems: string[] } {
  const releases: Record<string, ChangesetBump> = {}
  const problems: string[] = []
  for (const value of values) {
    const at = value.lastIndexOf('=')
    const name = at < 0 ? value : value.slice(0, at)
    const bump = at < 0 ? '' : value.slice(at + 1)
    if (!publishable.includes(name)) problems.push(`--bump ${value}: "${name}" is not a publishable package (${publishable.join(', ')})`)
    else if (!(CHANGESET_BUMPS as readonly string[]).includes(bump)) problems.push(`--bump ${value}: the bump must be one of ${CHANGESET_BUMPS.join(', ')}, as in ${name}=minor`)
    else if (releases[name] !== undefined && releases[name] !== bump) problems.push(`--bump ${value}: ${name} is already given ${releases[name]}`)
    else releases[name] = bump as ChangesetBump
  }
  if (values.length === 0) problems.push('--bump: give at least one, e.g. --bump @onmion/privacy-server=minor')
  return { releases, problems }
}

/**
 * The text of a changeset file, in the format `changeset version` reads.
 *
 * @example
 * changesetText({ releases: { '@onmion/privacy-server': 'minor' }, summary: 'Adds X.' })
 * // '---\n"@onmion/privacy-server": minor\n---\n\nAdds X.\n'
 */
export function changesetText(request: ChangesetRequest): string {
  const lines = Object.entries(request.releases).map(([name, bump]) => `"${name}": ${bump}`)
  return `---\n${lines.join('\n')}\n---\n\n${request.summary.trim()}\n`
}

/**
 * Writes `.changeset/<name>.md` under `root`, refusing to overwrite one; the name defaults to a
 * slug of the summary's first words.
 *
 * @throws {Error} when the file exists or the summary is empty.
 * @example
 * await writeChangeset(root, { releases: { '@onmion/privacy-policy': 'major' }, summary: 'Collect the date of birth.' })
 * // '/repo/.changeset/collect-the-date-of-birth.md'
 */
export async function writeChangeset(root: string, request: ChangesetRequest): Promise<string> {
  if (request.summary.trim() === '') throw new Error('--summary: the CHANGELOG text must not be empty')
  const slug = request.summary.toLowerCase().replace(/[^a-z0-9]+/g, '-').split('-').filter(Boolean).slice(0, 6).join('-')
  const name = request.name ?? (slug === '' ? 'change' : slug)
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`--name: "${name}" must be lowercase letters, digits and dashes`)
  const file = join(root, '.changeset', `${name}.md`)
  if (existsSync(file)) throw new Error(`${file} already exists: choose another --name`)
  await writeFile(file, changesetText(request), { flag: 'wx' })
  return file
}
