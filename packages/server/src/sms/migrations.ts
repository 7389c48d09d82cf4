import { sql } from 'kysely'
import type { Migration } from '../storage/migrations.js'
import './tables.js'

/**
 * The SMS module's tables: the inbound message log (`sms_inbound`, keyed by the provider's message
 * id, which makes webhooks idempotent) and the outbound log (`sms_outbound`, one opt-out
 * confirmation per opt-out event at most).
 *
 * @example
 * await migrate(db, [...ledgerMigrations, ...smsMigrations])
 */
export const smsMigrations: readonly Migration[] = [
  {
    id: '0200_sms_inbound_outbound',
    async up(db) {
      await db.schema
        .createTable('sms_inbound')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('number_lookup', 'text', (c) => c.notNull())
        .addColumn('received_at', 'timestamptz', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('keyword', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute()
      await db.schema.createIndex('sms_inbound_number').on('sms_inbound').columns(['number_lookup', 'received_at']).execute()
      await db.schema
        .createTable('sms_outbound')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number_lookup', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('for_event', 'text', (c) => c.unique())
        .addColumn('for_message', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('provider_message_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('sent_at', 'timestamptz')
        .execute()
      await db.schema.createIndex('sms_outbound_number').on('sms_outbound').columns(['number_lookup', 'created_at']).execute()
    },
  },
]
