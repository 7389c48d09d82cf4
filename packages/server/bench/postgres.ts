import { randomUUID } from 'node:crypto'
import pg from 'pg'

/**
 * Runs `work` against a fresh database created on the benchmark's PostgreSQL server and drops it
 * afterwards, so a benchmark never measures (or leaves behind) another run's rows.
 */
export async function withPostgresDatabase<T>(url: string, work: (database: string) => Promise<T>): Promise<T> {
  const name = `privacy_bench_${randomUUID().replaceAll('-', '').slice(0, 16)}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database "${name}"`)
  try {
    const target = new URL(url)
    target.pathname = `/${name}`
    return await work(target.toString())
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
}
