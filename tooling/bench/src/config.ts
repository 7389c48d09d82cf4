/**
 * The PostgreSQL server benchmarks measure: `BENCH_DATABASE_URL`, else `TEST_DATABASE_URL` (set
 * in CI), else none (PostgreSQL figures are then reported as skipped, never silently missing).
 */
export const benchDatabaseUrl: string | undefined = nonEmpty(process.env.BENCH_DATABASE_URL) ?? nonEmpty(process.env.TEST_DATABASE_URL)

/** How many times each measurement is repeated (`BENCH_RUNS`, default 5); figures are medians. */
export const benchRuns: number = Math.max(1, Number(nonEmpty(process.env.BENCH_RUNS) ?? 5))

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
