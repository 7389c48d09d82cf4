/**
 * `render`: writes packages/policy/TRACE.md and trace.json from the links.
 * `check`: prints the trace's problems (exit 1 when there are any).
 * `mutate [statement-id-part]`: runs the mutants and prints what each did (exit 1 on a survivor).
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { links } from './links.js'
import { runMutants } from './mutants.js'
import { traceJson, traceMarkdown } from './render.js'
import { buildTrace, REPO_ROOT } from './trace.js'

const [command = 'check', filter] = process.argv.slice(2)
const trace = buildTrace(REPO_ROOT, links)
for (const p of trace.problems) console.error(p)

if (command === 'render') {
  await writeFile(join(REPO_ROOT, 'packages/policy/TRACE.md'), traceMarkdown(trace))
  await writeFile(join(REPO_ROOT, 'packages/policy/trace.json'), traceJson(trace))
  console.log(`wrote packages/policy/TRACE.md and trace.json: ${String(trace.statements.length)} statements`)
} else if (command === 'mutate') {
  const chosen = filter === undefined ? trace : { ...trace, statements: trace.statements.filter((s) => s.id.includes(filter)) }
  const results = await runMutants(REPO_ROOT, chosen, {
    onResult: (judged) => {
      for (const r of judged) console.log(`${r.outcome.padEnd(9)} ${r.statement}: ${r.breaks}. ${r.detail}`)
    },
  })
  if (results.some((r) => r.outcome !== 'killed')) process.exitCode = 1
} else if (command !== 'check') {
  console.error(`unknown command ${command}: render, check or mutate`)
  process.exitCode = 2
}
if (trace.problems.length > 0) process.exitCode = 1
