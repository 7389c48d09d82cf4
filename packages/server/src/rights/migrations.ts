import { sql } from 'kysely'
import type { Migration } from '../storage/migrations.js'
import './tables.js'

/**
 * The rights tables: requests and their status history. `outcome` holds what fulfilment reported
 * (counts, rules, dates, failures), never the subject's data.
 *
 * @example await migrate(db, [...coreMigrations, ...rightsMigrations])
 */
export const rightsMigrations: readonly Migration[] = [
  {
    id: '0300_rights_requests',
    async up(db) {
      await db.schema
        .createTable('privacy_rights_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('jurisdictions', 'jsonb', (c) => c.notNull())
        .addColumn('deadline_rule', 'text', (c) => c.notNull())
        .addColumn('received_at', 'timestamptz', (c) => c.notNull())
        .addColumn('due_at', 'timestamptz', (c) => c.notNull())
        .addColumn('extended', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('closed_at', 'timestamptz')
        .addColumn('outcome', 'jsonb')
        .addColumn('policy_version', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('privacy_rights_requests_subject').on('privacy_rights_requests').column('subject').execute()
      await db.schema.createIndex('privacy_rights_requests_open_due').on('privacy_rights_requests').columns(['status', 'due_at']).execute()
      await db.schema.createIndex('privacy_rights_requests_closed').on('privacy_rights_requests').column('closed_at').where(sql.ref('closed_at'), 'is not', null).execute()
      await db.schema
        .createTable('privacy_rights_history')
        .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('privacy_rights_requests.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('due_at', 'timestamptz')
        .addUniqueConstraint('privacy_rights_history_request_seq', ['request_id', 'seq'])
        .execute()
    },
  },
  {
    // The acknowledgement clock apart from the answer's, and the extension limit fixed at opening
    // (so a later change of the clock data does not move an open request's limit).
    id: '0301_rights_acknowledgement',
    async up(db) {
      await db.schema
        .alterTable('privacy_rights_requests')
        .addColumn('acknowledge_due_at', 'timestamptz')
        .addColumn('acknowledge_rule', 'text')
        .addColumn('acknowledged_at', 'timestamptz')
        .addColumn('extension_limit', 'timestamptz')
        .execute()
    },
  },
]
