// `pnpm --filter @onmion/doc-snippets check [doc.md...]`: every snippet of every README and doc.
import { join } from 'node:path'
import { checkDocs } from './check.js'

const root = join(import.meta.dirname, '..', '..', '..')
const wanted = process.argv.slice(2).filter((arg) => arg !== '--')
const report = await checkDocs(root, wanted.length === 0 ? {} : { docs: wanted })
for (const snippet of report.skipped) console.log(`skipped ${snippet.file}:${snippet.line}: ${snippet.reason ?? ''}`)
for (const problem of report.problems) console.error(`${problem.file}:${problem.line}: ${problem.message}`)
console.log(`${report.docs.length} docs, ${report.snippets.length} snippets (${report.ran} run, ${report.skipped.length} skipped): ${report.problems.length === 0 ? 'all pass' : `${report.problems.length} problem(s)`}`)
if (report.problems.length > 0) process.exitCode = 1
