// `pnpm changeset:add --bump <package>=<major|minor|patch> [--bump ...] --summary "<text>" [--name <file>]`:
// a changeset without a terminal (release managers' scripts, CI bots); `pnpm changeset` asks
// interactively and, without a terminal, writes nothing.
import { parseArgs } from 'node:util'
import { writeChangeset, parseBumps } from '../changeset-file.js'
import { findWorkspaceRoot, listPublishablePackages } from '../workspace.js'

const usage = 'usage: pnpm changeset:add --bump <package>=<major|minor|patch> [--bump ...] --summary "<CHANGELOG text>" [--name <file-name>]'
let values: { bump?: string[]; summary?: string; name?: string; help?: boolean }
try {
  values = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { bump: { type: 'string', multiple: true }, summary: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
  process.exit(2)
}
if (values.help === true) {
  console.log(usage)
  process.exit(0)
}

const root = findWorkspaceRoot(import.meta.dirname)
const publishable = (await listPublishablePackages(root)).map((pkg) => pkg.manifest.name)
const { releases, problems } = parseBumps(values.bump ?? [], publishable)
const summary = values.summary?.trim() ?? ''
if (summary === '') problems.push('--summary: the CHANGELOG text is required')
if (problems.length > 0) {
  console.error(`${problems.join('\n')}\n${usage}`)
  process.exit(2)
}
try {
  const file = await writeChangeset(root, { releases, summary, ...(values.name === undefined ? {} : { name: values.name }) })
  console.log(`wrote ${file}`)
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(2)
}
