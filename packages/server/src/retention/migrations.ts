import { sql } from 'kysely'
import type { Migration } from '../storage/migrations.js'
import './tables.js'

/**
 * The retention tables: legal holds, sweep runs, and the audit of what each batch removed
 * (counts, never contents).
 *
 * @example await migrate(db, [...coreMigrations, ...retentionMigrations])
 */
export const retentionMigrations: readonly Migration[] = [
  {
    id: '0400_retention',
    async up(db) {
      await db.schema
        .createTable('privacy_legal_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('subject', 'rule')`))
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('placed_at', 'timestamptz', (c) => c.notNull())
        .addColumn('released_at', 'timestamptz')
        .addColumn('release_reason', 'text')
        .execute()
      await db.schema.createIndex('privacy_legal_holds_active').on('privacy_legal_holds').columns(['scope', 'target']).where(sql.ref('released_at'), 'is', null).execute()
      await db.schema
        .createTable('privacy_retention_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('now', 'timestamptz', (c) => c.notNull())
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('finished_at', 'timestamptz')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('removed', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .execute()
      await db.schema
        .createTable('privacy_retention_audit')
        .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull().references('privacy_retention_runs.id'))
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('cutoff', 'timestamptz', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('privacy_retention_audit_run').on('privacy_retention_audit').column('run_id').execute()
      // The sweep walks unredacted events in (recorded_at, id) order; redacted rows leave this
      // index, so each batch starts where the expired rows are.
      await sql`create index privacy_events_unredacted on privacy_events (recorded_at, id collate "C") where redacted_at is null`.execute(db)
    },
  },
  {
    // A sweep walks one event type at a time: led by the type, the index holds only that type's
    // unredacted rows, so a type with nothing expired costs one probe, not a walk over every
    // other type's rows (and over the dead entries the batches before it left behind).
    id: '0450_sweep_by_type',
    async up(db) {
      await sql`drop index if exists privacy_events_unredacted`.execute(db)
      await sql`create index privacy_events_unredacted on privacy_events (type, recorded_at, id collate "C") where redacted_at is null`.execute(db)
    },
  },
]
