/** Benchmark configuration: the PostgreSQL server to measure, if any (BENCH_DATABASE_URL, else TEST_DATABASE_URL), from the shared bench helper. */
export { benchDatabaseUrl } from '@onmion/bench'

/**
 * The proofs benchmark's sizes: BENCH_PROOF_RUNS repeated append runs (the median and spread are
 * reported), and the events a checkpoint is measured over on each backend.
 */
export const proofBench = {
  runs: Number(process.env.BENCH_PROOF_RUNS ?? 7),
  pgliteEvents: Number(process.env.BENCH_PGLITE_EVENTS ?? 100_000),
  postgresEvents: Number(process.env.BENCH_POSTGRES_EVENTS ?? 1_000_000),
}
