/**
 * decide() against a bare Map lookup, in the same run: how much a full policy decision costs
 * over the cheapest possible "is this allowed?" table. Run with `pnpm bench`.
 * Figures go to stdout and to bench/results/decide.json; nothing here gates CI.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import { Bench } from 'tinybench'
import { decide, SubjectState, type DecisionRequest } from '../src/index.js'
import { samplePolicy } from '../test/sample-policy.js'

// Each sample runs a batch: one call is a few nanoseconds, below the timer's resolution.
const BATCH = 1024

const requests: DecisionRequest<typeof samplePolicy>[] = []
for (const purpose of samplePolicy.purposes) {
  for (const category of samplePolicy.dataCategories) requests.push({ purpose: purpose.id, category: category.id })
}
const batch = Array.from({ length: BATCH }, (_, i) => requests[i % requests.length]!)
const state = SubjectState.parse({ consents: { analytics: 'granted', sms: 'withdrawn' }, objections: ['security'] })

// The baseline: the same answers, precomputed into a Map keyed by the same requests.
const table = new Map(batch.map((request) => [request, decide(samplePolicy, state, request).allowed]))
const keys = [...table.keys()]
const lookups = Array.from({ length: BATCH }, (_, i) => keys[i % keys.length]!)

let sink = 0
const bench = new Bench({ time: 1000, warmupTime: 250 })
bench
  .add('Map.get (baseline)', () => {
    for (const key of lookups) if (table.get(key) === true) sink++
  })
  .add('decide() on a warm state', () => {
    for (const request of batch) if (decide(samplePolicy, state, request).allowed) sink++
  })

await bench.run()

const figures = bench.tasks.map((task) => {
  const result = task.result
  if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
  // Both figures from the mean latency, so ops/s and ns/op agree (a mean of per-sample rates
  // would not: it weighs the fastest samples most).
  const nsPerOp = (result.latency.mean * 1e6) / BATCH
  return {
    name: task.name,
    opsPerSecond: Math.round(1e9 / nsPerOp),
    nsPerOp: Number(nsPerOp.toFixed(2)),
    rmePercent: Number(result.latency.rme.toFixed(2)),
    samples: result.latency.samplesCount,
  }
})
const [baseline, decision] = figures as [(typeof figures)[0], (typeof figures)[0]]
const ratio = Number((baseline.opsPerSecond / decision.opsPerSecond).toFixed(2))

console.table(figures)
console.log(`decide() is ${String(ratio)}x the cost of a bare Map.get (${String(decision.nsPerOp)} ns vs ${String(baseline.nsPerOp)} ns per call)`)

const out = new URL('./results/decide.json', import.meta.url)
await mkdir(new URL('.', out), { recursive: true })
await writeFile(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, platform: `${platform()} ${arch()}`, cpu: cpus()[0]?.model ?? 'unknown', batch: BATCH, results: figures, ratio, sink: sink > 0 }, null, 2)}\n`,
)
