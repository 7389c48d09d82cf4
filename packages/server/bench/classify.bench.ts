/**
 * classifySms() on inputs of many shapes, at MAX_ANALYSED_LENGTH / 16 and 16 times that (both
 * under the cap, so the whole text is analysed): linear work grows 16x, quadratic work 256x.
 * Each size is timed in turns with the other (best of 12 calls per run, median of BENCH_RUNS
 * runs). Aim: growth under 100x for every shape (room for cache effects, which cost up to 2x per
 * character once a 64K input falls out of cache). Results: stdout and bench/results/classify.json.
 */
import { benchRuns, interleave, judge, printFigures, writeResults, type Spread } from '@onmion/bench'
import { onmionPolicy } from '@onmion/privacy-policy'
import { MAX_ANALYSED_LENGTH, classifySms } from '../src/sms/classify.js'

const small = MAX_ANALYSED_LENGTH / 16
const inputs: Record<string, (n: number) => string> = {
  words: (n) => 'please stop the work order, '.repeat(Math.ceil(n / 28)).slice(0, n),
  'one word': (n) => 'a'.repeat(n),
  'one long clause': (n) => 'ab '.repeat(Math.floor(n / 3)),
  'one long line of stops': (n) => 'dont stop '.repeat(Math.floor(n / 10)),
  dashes: (n) => '-'.repeat(n),
  'quote lines': (n) => '>\n'.repeat(n / 2),
  'url-like': (n) => 'a.b/' + 'x.'.repeat(n / 2 - 2),
  clauses: (n) => 'x.'.repeat(n / 2),
  binary: (n) => Array.from({ length: n }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
}

/** The fastest of 12 calls, in ms: the least disturbed by other work on the machine. */
function fastest(text: string): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 12; i++) {
    const start = performance.now()
    classifySms(text, onmionPolicy)
    best = Math.min(best, performance.now() - start)
  }
  return Math.max(best, 0.001)
}

const figures = []
for (const [shape, make] of Object.entries(inputs)) {
  const a = make(small)
  const b = make(small * 16)
  const [ta, tb] = (await interleave(benchRuns, [() => fastest(a), () => fastest(b)])) as [Spread, Spread]
  figures.push(judge({ name: `classifySms, ${shape}, 16x the input`, unit: 'ms', value: tb, baseline: { name: `${small} code units`, value: ta }, aim: { ratio: { max: 100 }, text: 'linear: < 100x (quadratic is 256x)' } }))
}
printFigures(`classifySms: growth from ${small} to ${small * 16} code units, ${benchRuns} runs`, figures)
await writeResults(new URL('./results/', import.meta.url), 'classify', { figures })
