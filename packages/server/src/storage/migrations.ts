import { sql, type Kysely } from 'kysely'
import { PrivacyError, PrivacyErrorCode } from '../errors.js'

/**
 * One versioned schema change. `id` orders migrations (core `0100_...`, SMS `0200_...`, rights
 * `0300_...`, retention `0400_...`, apps `1000_...`); `up` runs inside the migration
 * transaction. Migrations never change once released: a change is a new migration.
 *
 * @example
 * const migration: Migration = {
 *   id: '1000_app_notes',
 *   async up(db) { await db.schema.createTable('app_notes').addColumn('id', 'text', (c) => c.primaryKey()).execute() },
 * }
 */
export interface Migration {
  readonly id: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was, untyped
  up(db: Kysely<any>): Promise<void>
}

/** Arbitrary constant naming the advisory lock migrations take (same on every instance). */
const MIGRATION_LOCK = 7_311_920_441

/**
 * Applies the migrations not yet recorded in `privacy_migrations`, in id order, in one
 * transaction holding a PostgreSQL advisory lock: when two instances start at once, the second
 * waits for the first and then finds nothing left to do. Returns the ids it applied.
 *
 * @throws {@link PrivacyError} CONFIGURATION for duplicate ids; STORAGE when a migration fails
 * (nothing of the run is kept).
 * @example
 * const applied = await migrate(db, [...ledgerMigrations, ...options.migrations])
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs against any table set
export async function migrate(db: Kysely<any>, migrations: readonly Migration[]): Promise<string[]> {
  const sorted = [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.id === sorted[i - 1]?.id) {
      throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, `migrations: id "${sorted[i]?.id ?? ''}" is used twice`, { field: 'migrations' })
    }
  }
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(trx)
    await sql`create table if not exists privacy_migrations (id text primary key, applied_at timestamptz not null default now())`.execute(trx)
    const done = new Set((await sql<{ id: string }>`select id from privacy_migrations`.execute(trx)).rows.map((r) => r.id))
    const applied: string[] = []
    for (const migration of sorted) {
      if (done.has(migration.id)) continue
      try {
        await migration.up(trx)
      } catch (error) {
        throw new PrivacyError(PrivacyErrorCode.STORAGE, `migration ${migration.id} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
      }
      await sql`insert into privacy_migrations (id) values (${migration.id})`.execute(trx)
      applied.push(migration.id)
    }
    return applied
  })
}
