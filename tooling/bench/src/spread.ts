/** Repeated measurements of one quantity: their median, extremes and relative spread. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  /** (max - min) / median: how far apart the runs were (0.1 = 10 %). */
  readonly spread: number
  readonly runs: readonly number[]
}

/**
 * Summarizes repeated measurements by their median and spread.
 *
 * @example
 * summarize([10, 12, 11]) // { median: 11, min: 10, max: 12, spread: 0.18, runs: [10, 12, 11] }
 */
export function summarize(runs: readonly number[]): Spread {
  if (runs.length === 0) throw new Error('summarize: no runs')
  const sorted = [...runs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
  const min = sorted[0] ?? 0
  const max = sorted[sorted.length - 1] ?? 0
  return { median, min, max, spread: median === 0 ? 0 : (max - min) / median, runs }
}

/**
 * Runs `measure` `runs` times (after one discarded warm-up run when `warmUp` is set) and
 * summarizes what it returned.
 *
 * @example
 * const rate = await repeat(5, async () => (await load()).requestsPerSecond)
 */
export async function repeat(runs: number, measure: (run: number) => number | Promise<number>, options: { warmUp?: boolean } = {}): Promise<Spread> {
  if (options.warmUp === true) await measure(-1)
  const values: number[] = []
  for (let run = 0; run < runs; run++) values.push(await measure(run))
  return summarize(values)
}

/**
 * Measures several things in turns (`a b c a b c ...`, after one warm-up turn), so that a slower
 * stretch of a shared machine lands on the subject and its baseline alike, and summarizes each.
 * With `rotate`, each turn starts one further along (`a b c b c a c a b ...`), so that no
 * measure always runs right after the same other one (and pays for the garbage it left).
 *
 * @example
 * const [baseline, subject] = await interleave(5, [() => nsPerCall(mapGet), () => nsPerCall(decide)])
 */
export async function interleave(runs: number, measures: readonly (() => number | Promise<number>)[], options: { rotate?: boolean } = {}): Promise<Spread[]> {
  for (const measure of measures) await measure()
  const values = measures.map(() => [] as number[])
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < measures.length; k++) {
      const i = options.rotate === true ? (run + k) % measures.length : k
      const measure = measures[i]
      if (measure !== undefined) values[i]?.push(await measure())
    }
  }
  return values.map(summarize)
}
