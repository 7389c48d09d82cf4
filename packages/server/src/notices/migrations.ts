import type { Migration } from '../storage/migrations.js'
import './tables.js'

/**
 * The notices tables: email addresses on file (sealed) and the policy versions published.
 *
 * @example await migrate(db, [...coreMigrations, ...noticesMigrations])
 */
export const noticesMigrations: readonly Migration[] = [
  {
    id: '0700_notices',
    async up(db) {
      await db.schema
        .createTable('privacy_contacts')
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('email_key_id', 'text', (c) => c.notNull())
        .addColumn('email_ciphertext', 'text', (c) => c.notNull())
        .addColumn('email_lookup', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('privacy_contacts_email_lookup').on('privacy_contacts').column('email_lookup').execute()
      await db.schema
        .createTable('privacy_policy_versions')
        .addColumn('version', 'text', (c) => c.primaryKey())
        .addColumn('effective_date', 'text', (c) => c.notNull())
        .addColumn('document', 'jsonb', (c) => c.notNull())
        .addColumn('published_at', 'timestamptz', (c) => c.notNull())
        .execute()
    },
  },
]
