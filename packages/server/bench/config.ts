/** Benchmark configuration: the PostgreSQL server to measure, if any (BENCH_DATABASE_URL, else TEST_DATABASE_URL). */
export const benchDatabaseUrl: string | undefined = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
