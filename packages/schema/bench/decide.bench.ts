/**
 * decide() against a bare Map.get, in the same run, with the same harness and sink: one timed
 * loop over the same 1,024 questions, each answered by decide() on a plain or a compiled state,
 * or looked up in a Map holding the precomputed answers (by a string per question; by the request
 * object's identity, for information). Each figure is the median of BENCH_RUNS runs (default 5)
 * of ~0.5 s each, after a warm-up. Aim (issue 15): decide() at most 3x the cost of Map.get.
 * Results: stdout and bench/results/decide.json; nothing here gates CI.
 */
import { benchRuns, interleave, judge, printFigures, writeResults, type Spread } from '@onmion/bench'
import { compileSubjectState, decide, SubjectState, type Decision, type DecisionRequest } from '../src/index.js'
import { samplePolicy } from '../test/sample-policy.js'

const BATCH = 1024
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000)

const requests: DecisionRequest<typeof samplePolicy>[] = []
for (const purpose of samplePolicy.purposes) {
  for (const category of samplePolicy.dataCategories) requests.push({ purpose: purpose.id, category: category.id })
}
const batch = Array.from({ length: BATCH }, (_, i) => requests[i % requests.length]!)
const state = SubjectState.parse({ consents: { analytics: 'granted', sms: 'withdrawn' }, objections: ['security'] })
const compiled = compileSubjectState(samplePolicy, state)

// The baselines: the same answers, precomputed in a Map keyed by one string per question
// ("purpose/category", made before the timing: what a bare lookup of a question costs), and in
// a Map keyed by the request objects themselves (identity: cheaper than any string, but a
// caller's question is a new object each time, so no real lookup can key on it).
const keys = batch.map((request) => `${request.purpose}/${request.category}`)
const table = new Map<string, Decision>(batch.map((request, i) => [keys[i]!, decide(samplePolicy, state, request)]))
const byIdentity = new Map<DecisionRequest<typeof samplePolicy>, Decision>(batch.map((request) => [request, decide(samplePolicy, state, request)]))

let sink = 0
// The one harness, written out once per subject so each call site sees one function (a shared
// loop calling either through a parameter would time the indirect call, not the lookup).
function mapGetNs(): number {
  const start = process.hrtime.bigint()
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < BATCH; i++) if (table.get(keys[i]!)?.allowed === true) sink++
  }
  return Number(process.hrtime.bigint() - start) / (ROUNDS * BATCH)
}
function identityNs(): number {
  const start = process.hrtime.bigint()
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < BATCH; i++) if (byIdentity.get(batch[i]!)?.allowed === true) sink++
  }
  return Number(process.hrtime.bigint() - start) / (ROUNDS * BATCH)
}
function compiledNs(): number {
  const start = process.hrtime.bigint()
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < BATCH; i++) if (decide(samplePolicy, compiled, batch[i]!).allowed) sink++
  }
  return Number(process.hrtime.bigint() - start) / (ROUNDS * BATCH)
}
function decideNs(): number {
  const start = process.hrtime.bigint()
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < BATCH; i++) if (decide(samplePolicy, state, batch[i]!).allowed) sink++
  }
  return Number(process.hrtime.bigint() - start) / (ROUNDS * BATCH)
}

// In turns, so a slower stretch of a shared machine lands on both.
const [baseline, identity, decision, compiledDecision] = (await interleave(benchRuns, [mapGetNs, identityNs, decideNs, compiledNs])) as [Spread, Spread, Spread, Spread]

const figures = [
  judge({ name: 'Map.get by object identity', unit: 'ns/call', value: identity, baseline: { name: 'Map.get (string key)', value: baseline } }),
  judge({ name: 'decide() on a compiled state', unit: 'ns/call', value: compiledDecision, baseline: { name: 'Map.get (string key)', value: baseline }, aim: { ratio: { max: 3 }, text: '<= 3x a bare Map.get' } }),
  judge({ name: 'decide() on a plain state', unit: 'ns/call', value: decision, baseline: { name: 'Map.get (string key)', value: baseline }, aim: { ratio: { max: 3 }, text: '<= 3x a bare Map.get' } }),
]
printFigures(`decide(): ${BATCH} questions x ${ROUNDS} rounds per run, ${benchRuns} runs (sink ${sink > 0})`, figures)
await writeResults(new URL('./results/', import.meta.url), 'decide', { batch: BATCH, rounds: ROUNDS, figures })
