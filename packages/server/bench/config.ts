/** Benchmark configuration: the PostgreSQL server to measure, if any (BENCH_DATABASE_URL, else TEST_DATABASE_URL), from the shared bench helper. */
export { benchDatabaseUrl } from '@onmion/bench'

/** The ledger benchmark's repeated append runs (BENCH_LEDGER_RUNS): the median and the worst run are judged. */
export const ledgerBench = {
  runs: Number(process.env.BENCH_LEDGER_RUNS ?? 7),
}

/**
 * The proofs benchmark's sizes: the events a checkpoint is measured over on each backend. The
 * 1M-event figure of issue #14 is opt-in (BENCH_POSTGRES_EVENTS=1000000): seeding it takes a minute or more.
 */
export const proofBench = {
  pgliteEvents: Number(process.env.BENCH_PGLITE_EVENTS ?? 100_000),
  postgresEvents: Number(process.env.BENCH_POSTGRES_EVENTS ?? 100_000),
}
