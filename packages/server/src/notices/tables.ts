import type { ColumnType } from 'kysely'

/**
 * An email address on file for a subject (one per subject), sealed by the identifier vault:
 * AES-256-GCM ciphertext under `key_id`, and the keyed hash `lookup` to find a subject by address
 * without decrypting.
 *
 * @example await db.selectFrom('privacy_contacts').select('subject').where('email_lookup', '=', vault.lookup('email', 'ann@example.com')).execute()
 */
export interface ContactRow {
  subject: string
  email_key_id: string
  email_ciphertext: string
  email_lookup: string
  updated_at: Date
}

/**
 * A policy version this deployment has published: the whole document as served, so later
 * versions can be compared with it and its changes announced.
 *
 * @example await db.selectFrom('privacy_policy_versions').select(['version', 'published_at']).orderBy('published_at').execute()
 */
export interface PolicyVersionRow {
  version: string
  effective_date: string
  document: ColumnType<unknown, string, string>
  published_at: Date
}

declare module '../storage/tables.js' {
  interface Tables {
    privacy_contacts: ContactRow
    privacy_policy_versions: PolicyVersionRow
  }
}
