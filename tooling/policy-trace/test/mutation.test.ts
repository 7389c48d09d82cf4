import { expect, test } from 'vitest'
import { links } from '../src/links.js'
import { runMutants } from '../src/mutants.js'
import { buildTrace, REPO_ROOT } from '../src/trace.js'

// One Vitest per mutant and package of linked tests, two at a time: minutes on a loaded machine
// (the preset's timeout for this package allows twenty), never a timing assertion.
test('every enforced statement’s mutant is killed by one of its linked tests', async () => {
  const trace = buildTrace(REPO_ROOT, links)
  const results = await runMutants(REPO_ROOT, trace)
  const enforced = trace.statements.filter((s) => s.kind === 'enforced').map((s) => s.id)
  expect(results.map((r) => r.statement).sort()).toEqual([...enforced].sort())
  const notKilled = results.filter((r) => r.outcome !== 'killed').map((r) => `${r.statement} (${r.breaks}): ${r.outcome}, ${r.detail}`)
  expect(notKilled).toEqual([])
})

test('a mutant that changes nothing survives: a kill is a real test failure', async () => {
  const trace = buildTrace(REPO_ROOT, links)
  const sale = trace.statements.find((s) => s.id === '§5.we-do-not-sell-personal-information')!
  const noop = { file: 'packages/schema/src/sharing.ts', find: 'if (request.sale === true) return', replace: 'if (request.sale === true) return', breaks: 'nothing' }
  const [result] = await runMutants(REPO_ROOT, { ...trace, statements: [{ ...sale, mutant: noop }] })
  expect(result).toMatchObject({ statement: sale.id, outcome: 'survived' })
})
