/**
 * check() on a warm subject against a bare Map.get, in the same run, with the same harness and
 * sink: one timed async loop over 200 subjects, each question answered by `await privacy.check()`
 * from the in-memory projection, or by awaiting a resolved promise of a Map.get of the precomputed
 * answer, which is what a warm check() returns (the loop
 * awaits both, so the figure is what a decision costs, not what a promise does). Each figure is
 * the median of BENCH_RUNS runs (default 5). Aims (issue 15): a warm check() at most 3x the
 * awaited Map.get, and at least 1,000,000 checks/s on one core. Results: stdout and
 * bench/results/check.json; nothing gates CI.
 */
import { benchRuns, interleave, judge, printFigures, summarize, writeResults, type Spread } from '@onmion/bench'
import { onmionPolicy } from '@onmion/privacy-policy'
import type { Decision } from '@onmion/privacy-schema'
import { createPrivacy } from '../src/index.js'

const SUBJECTS = 200
const N = Number(process.env.BENCH_CHECKS ?? 400_000)

const privacy = await createPrivacy({ policy: onmionPolicy, database: 'memory://' })
const subjects = Array.from({ length: SUBJECTS }, (_, i) => `u_bench_${i}`)
await privacy.recordMany(subjects.map((subject, i) => ({ subject, type: i % 2 === 0 ? 'consent.granted' : 'consent.withdrawn', purpose: 'analytics', method: 'banner' }) as const))
const questions = subjects.map((subject) => ({ subject, purpose: 'analytics', category: 'usage_data' }) as const)
// Warm: every subject's state is in the cache.
const answers = new Map<string, Decision>()
for (const question of questions) answers.set(question.subject, await privacy.check(question))

let sink = 0
async function awaitedMapGetNs(): Promise<number> {
  const start = process.hrtime.bigint()
  for (let i = 0; i < N; i++) if ((await Promise.resolve(answers.get(questions[i % SUBJECTS]!.subject)))?.allowed === true) sink++
  return Number(process.hrtime.bigint() - start) / N
}
async function checkNs(): Promise<number> {
  const start = process.hrtime.bigint()
  for (let i = 0; i < N; i++) if ((await privacy.check(questions[i % SUBJECTS]!)).allowed) sink++
  return Number(process.hrtime.bigint() - start) / N
}
function mapGetNs(): number {
  const start = process.hrtime.bigint()
  for (let i = 0; i < N; i++) if (answers.get(questions[i % SUBJECTS]!.subject)?.allowed === true) sink++
  return Number(process.hrtime.bigint() - start) / N
}

const [awaited, check, bare] = (await interleave(benchRuns, [awaitedMapGetNs, checkNs, mapGetNs])) as [Spread, Spread, Spread]
await privacy.close()

const perSecond = summarize(check.runs.map((ns) => 1e9 / ns))
const figures = [
  judge({ name: 'check() warm', unit: 'ns/call', value: check, baseline: { name: 'await Promise.resolve(Map.get)', value: awaited }, aim: { ratio: { max: 3 }, text: '<= 3x Map.get (same async harness)' } }),
  judge({ name: 'check() warm vs a synchronous Map.get', unit: 'ns/call', value: check, baseline: { name: 'Map.get', value: bare } }),
  judge({ name: 'check() warm throughput', unit: 'checks/s', value: perSecond, aim: { value: { min: 1_000_000 }, text: '>= 1,000,000 checks/s' } }),
]
printFigures(`check(): ${SUBJECTS} warm subjects, ${N} checks per run, ${benchRuns} runs (sink ${sink > 0})`, figures)
await writeResults(new URL('./results/', import.meta.url), 'check', { subjects: SUBJECTS, checksPerRun: N, figures })
