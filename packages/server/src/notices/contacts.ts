import { SubjectId, type Policy } from '@onmion/privacy-schema'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { IdentifierVault } from '../crypto/vault.js'
import { invalidInput } from '../errors.js'
import type { DataSource } from '../records/sources.js'
import type { Tables } from '../storage/tables.js'
import './tables.js'

/**
 * An email address as `notices.setEmail` takes it (trimmed; the vault compares it lower-cased).
 *
 * @example EmailAddress.parse('ann@example.com')
 */
export const EmailAddress = z.email().max(320)
export type EmailAddress = z.infer<typeof EmailAddress>

/** The id of the contacts store among the data sources (exported, erased, rectified like any other). */
export const CONTACTS_SOURCE_ID = 'privacy_contacts'

/**
 * Parses a subject id and an email address, naming the bad field.
 *
 * @example const { subject, email } = parseContact('u_42', 'ann@example.com')
 */
export function parseContact(subject: string, email: string): { subject: SubjectId; email: string } {
  const s = SubjectId.safeParse(subject)
  if (!s.success) throw invalidInput(s.error, 'subject')
  const e = EmailAddress.safeParse(typeof email === 'string' ? email.trim() : email)
  if (!e.success) throw invalidInput(e.error, 'email')
  return { subject: s.data, email: e.data }
}

/**
 * The contacts table as a data source: an access request exports the address, an erasure
 * deletes it (asking the guard, under the identifiers category's rule), a rectification with an
 * `email` field replaces it. It holds the policy's identifiers category, or the first category a
 * policy without one declares.
 *
 * @example ctx.records.sources.register(contactsSource(ctx.policy, ctx.db, ctx.vault, ctx.now))
 */
export function contactsSource<P extends Policy>(policy: P, db: Kysely<Tables>, vault: IdentifierVault, now: () => Date): DataSource<P> {
  const category = (policy.dataCategories.find((c) => c.id === 'identifiers') ?? policy.dataCategories[0])?.id
  const row = (subject: string) => db.selectFrom('privacy_contacts').selectAll().where('subject', '=', subject).executeTakeFirst()
  return {
    id: CONTACTS_SOURCE_ID,
    categories: category === undefined ? [] : [category],
    async export(subject) {
      const found = await row(subject)
      return found === undefined ? [] : [{ kind: 'email', email: vault.open({ kind: 'email', keyId: found.email_key_id, ciphertext: found.email_ciphertext }), updatedAt: found.updated_at.toISOString() }]
    },
    async erase(subject, guard) {
      const found = await row(subject)
      if (found !== undefined && category !== undefined && guard.mayErase(category, found.updated_at)) await db.deleteFrom('privacy_contacts').where('subject', '=', subject).execute()
    },
    async rectify(subject, patch) {
      if (typeof patch.email !== 'string' || (await row(subject)) === undefined) return
      const { email } = parseContact(subject, patch.email)
      const sealed = vault.seal('email', email)
      await db
        .updateTable('privacy_contacts')
        .set({ email_key_id: sealed.keyId, email_ciphertext: sealed.ciphertext, email_lookup: sealed.lookup, updated_at: now() })
        .where('subject', '=', subject)
        .execute()
    },
    has: async (subject) => (await row(subject)) !== undefined,
  }
}
