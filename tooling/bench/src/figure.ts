import type { Spread } from './spread.js'

/**
 * What a figure must meet, as a ratio to its baseline (`value / baseline`) or as an absolute
 * bound on its value. `min` for rates (at least 0.5x the baseline's req/s), `max` for costs (at
 * most 3x the baseline's ns per call).
 */
export interface Aim {
  readonly ratio?: { readonly min?: number; readonly max?: number }
  readonly value?: { readonly min?: number; readonly max?: number }
  /** The aim in words, as the issue or README states it. */
  readonly text: string
}

/** One measured figure: its median and spread, the baseline measured in the same run, and its aim. */
export interface Figure {
  readonly name: string
  readonly unit: string
  readonly value: Spread
  readonly baseline?: { readonly name: string; readonly value: Spread }
  readonly aim?: Aim
}

/** A figure judged: its ratio to the baseline (medians) and whether it meets its aim. */
export interface Judged extends Figure {
  readonly ratio: number | null
  readonly verdict: 'pass' | 'miss' | 'info'
}

const within = (x: number, bound: { readonly min?: number; readonly max?: number } | undefined): boolean =>
  bound === undefined || ((bound.min === undefined || x >= bound.min) && (bound.max === undefined || x <= bound.max))

/**
 * Judges a figure by its medians: the ratio to its baseline, and `pass` or `miss` against its aim
 * (`info` without one).
 *
 * @example
 * judge({ name: 'GET /healthz', unit: 'req/s', value: summarize([9000]), baseline: { name: 'plain Hono', value: summarize([12000]) }, aim: { ratio: { min: 0.7 }, text: '>= 0.7x plain Hono' } })
 * // { ..., ratio: 0.75, verdict: 'pass' }
 */
export function judge(figure: Figure): Judged {
  const ratio = figure.baseline === undefined || figure.baseline.value.median === 0 ? null : figure.value.median / figure.baseline.value.median
  if (figure.aim === undefined) return { ...figure, ratio, verdict: 'info' }
  const ok = within(figure.value.median, figure.aim.value) && (figure.aim.ratio === undefined || (ratio !== null && within(ratio, figure.aim.ratio)))
  return { ...figure, ratio, verdict: ok ? 'pass' : 'miss' }
}

const num = (x: number): string => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3))

/**
 * Prints judged figures as a table: value (median) with its spread over the runs, baseline,
 * ratio, aim, and PASS / MISS.
 *
 * @example
 * printFigures('consent service, PGlite', figures.map(judge))
 */
export function printFigures(title: string, figures: readonly Judged[]): void {
  console.log(`\n${title}`)
  const rows = figures.map((f) => ({
    figure: f.name,
    median: `${num(f.value.median)} ${f.unit}`,
    spread: `±${(f.value.spread * 50).toFixed(0)}% (${f.value.runs.length} runs)`,
    baseline: f.baseline === undefined ? '' : `${f.baseline.name}: ${num(f.baseline.value.median)} ${f.unit}`,
    ratio: f.ratio === null ? '' : `${f.ratio.toFixed(2)}x`,
    aim: f.aim?.text ?? '',
    verdict: f.verdict === 'info' ? '' : f.verdict.toUpperCase(),
  }))
  const columns = ['figure', 'median', 'spread', 'baseline', 'ratio', 'aim', 'verdict'] as const
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)))
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()
  console.log(line(columns))
  for (const row of rows) console.log(line(columns.map((c) => row[c])))
}
