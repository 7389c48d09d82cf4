/** Benchmark configuration: the PostgreSQL server to measure, if any (BENCH_DATABASE_URL, else TEST_DATABASE_URL), from the shared bench helper. */
export { benchDatabaseUrl } from '@onmion/bench'
