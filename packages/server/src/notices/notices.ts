import { setTimeout as sleep } from 'node:timers/promises'
import { diffPolicies, parsePolicy, type Policy, type SubjectId } from '@onmion/privacy-schema'
import { sql } from 'kysely'
import type { PrivacyContext } from '../context.js'
import { invalidField } from '../errors.js'
import { contactsSource, parseContact, EmailAddress } from './contacts.js'
import { touchedCategories } from './touched-categories.js'
import './tables.js'

/**
 * A subject an announcement goes to: its id and the email address on file.
 *
 * @example const recipient: AnnouncementRecipient = { subject: 'u_42', email: 'ann@example.com' }
 */
export interface AnnouncementRecipient {
  readonly subject: SubjectId
  readonly email: string
}

/**
 * What `notices.announce` takes: the two policies, and `deliver`, which sends the message to
 * one recipient (and throws when it could not). `perSecond` caps the sending rate (default 5).
 *
 * @example
 * await privacy.notices.announce({ from: v1, to: v2, perSecond: 2, deliver: (r) => mailer.send(r.email, message) })
 */
export interface AnnounceInput {
  readonly from: Policy
  readonly to: Policy
  readonly deliver: (recipient: AnnouncementRecipient) => Promise<void>
  readonly perSecond?: number
}

/**
 * What an announcement run did. `sent` subjects got the message now and have a
 * `notice.announced` event in their chain; `alreadyAnnounced` had one from an earlier run and got
 * nothing; `untouched` hold no data the change touches; `failed` could not be reached (retry by
 * running again).
 *
 * @example const { sent, alreadyAnnounced } = await privacy.notices.announce(input)
 */
export interface AnnounceReport {
  readonly fromVersion: string
  readonly toVersion: string
  readonly material: boolean
  /** The data categories the change touches, or `'all'`. */
  readonly categories: readonly string[] | 'all'
  readonly considered: number
  readonly sent: number
  readonly alreadyAnnounced: number
  readonly untouched: number
  readonly failed: readonly { readonly subject: string; readonly message: string }[]
}

/**
 * A policy version this deployment published (see `notices.publishPolicy`).
 *
 * @example const [first] = await privacy.notices.policyVersions()
 */
export interface PublishedPolicy {
  readonly version: string
  readonly effectiveDate: string
  readonly publishedAt: Date
  readonly policy: Policy
}

/**
 * `privacy.notices`: email addresses on file (sealed by the identifier vault, a data source
 * like any other), the policy versions published, and change announcements recorded in the
 * ledger.
 *
 * @example
 * await privacy.notices.setEmail('u_42', 'ann@example.com')
 * await privacy.notices.publishPolicy()
 * const report = await privacy.notices.announce({ from: v1, to: v2, deliver: send })
 */
export interface Notices {
  /** Puts `email` on file for the subject (replacing the one there). */
  setEmail(subject: string, email: string): Promise<void>
  /** The subject's email on file, or null. */
  emailOf(subject: string): Promise<string | null>
  /** The subjects with this address on file (compared by the vault's keyed hash, case-insensitively). */
  subjectsWithEmail(email: string): Promise<SubjectId[]>
  /** Removes the subject's email; false when there was none. */
  removeEmail(subject: string): Promise<boolean>
  /** Records `policy` (default: the SDK's) as published, once per version; `published` is false when it was already. */
  publishPolicy(policy?: Policy): Promise<{ version: string; published: boolean }>
  /** Every published version, oldest first. */
  policyVersions(): Promise<PublishedPolicy[]>
  /**
   * Emails the change from `from` to `to` to every subject with an email on file whose data it
   * touches, once: a subject whose chain has a `notice.announced` event for this pair is skipped.
   * A change that is not material is announced to nobody.
   *
   * @throws {@link PrivacyError} INVALID_INPUT for a bad `perSecond` or `deliver`.
   */
  announce(input: AnnounceInput): Promise<AnnounceReport>
}

const PAGE = 200

/**
 * Creates `privacy.notices` for a context and registers the contacts table as a data source, so
 * rights requests export, erase and rectify the addresses on file.
 *
 * @example const notices = createNotices(ctx)
 */
export function createNotices<P extends Policy>(ctx: PrivacyContext<P>): Notices {
  const { db, vault } = ctx
  ctx.records.sources.register(contactsSource(ctx.policy, db, vault, () => ctx.now()))

  async function alreadyAnnounced(subject: string, fromVersion: string, toVersion: string): Promise<boolean> {
    const row = await db
      .selectFrom('privacy_events')
      .select('id')
      .where('subject', '=', subject)
      .where('type', '=', 'notice.announced')
      .where(sql<string>`payload->>'fromVersion'`, '=', fromVersion)
      .where(sql<string>`payload->>'toVersion'`, '=', toVersion)
      .limit(1)
      .executeTakeFirst()
    return row !== undefined
  }

  async function subjectCategories(subject: SubjectId): Promise<Set<string>> {
    const out = new Set<string>()
    for (const { source } of ctx.records.sources.list()) {
      const holds = source.has ? await source.has(subject) : (await source.export(subject)).length > 0
      if (holds) for (const c of source.categories) out.add(c)
    }
    return out
  }

  return {
    async setEmail(subject, email) {
      const contact = parseContact(subject, email)
      const sealed = vault.seal('email', contact.email)
      const row = { subject: contact.subject, email_key_id: sealed.keyId, email_ciphertext: sealed.ciphertext, email_lookup: sealed.lookup, updated_at: ctx.now() }
      await db
        .insertInto('privacy_contacts')
        .values(row)
        .onConflict((oc) => oc.column('subject').doUpdateSet({ email_key_id: row.email_key_id, email_ciphertext: row.email_ciphertext, email_lookup: row.email_lookup, updated_at: row.updated_at }))
        .execute()
    },

    async emailOf(subject) {
      const row = await db.selectFrom('privacy_contacts').selectAll().where('subject', '=', subject).executeTakeFirst()
      return row === undefined ? null : vault.open({ kind: 'email', keyId: row.email_key_id, ciphertext: row.email_ciphertext })
    },

    async subjectsWithEmail(email) {
      const parsed = EmailAddress.safeParse(typeof email === 'string' ? email.trim() : email)
      if (!parsed.success) throw invalidField('email', 'must be an email address')
      const rows = await db.selectFrom('privacy_contacts').select('subject').where('email_lookup', '=', vault.lookup('email', parsed.data)).orderBy('subject').execute()
      return rows.map((r) => r.subject as SubjectId)
    },

    async removeEmail(subject) {
      const result = await db.deleteFrom('privacy_contacts').where('subject', '=', subject).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },

    async publishPolicy(policy = ctx.policy) {
      const checked = parsePolicy(policy)
      const result = await db
        .insertInto('privacy_policy_versions')
        .values({ version: checked.meta.version, effective_date: checked.meta.effectiveDate, document: JSON.stringify(checked), published_at: ctx.now() })
        .onConflict((oc) => oc.column('version').doNothing())
        .executeTakeFirst()
      return { version: checked.meta.version, published: Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 }
    },

    async policyVersions() {
      const rows = await db.selectFrom('privacy_policy_versions').selectAll().orderBy('published_at').orderBy('version').execute()
      return rows.map((r) => ({
        version: r.version,
        effectiveDate: r.effective_date,
        publishedAt: r.published_at,
        policy: parsePolicy(typeof r.document === 'string' ? JSON.parse(r.document) : r.document),
      }))
    },

    async announce(input) {
      const perSecond = input.perSecond ?? 5
      if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) throw invalidField('perSecond', 'must be a positive number')
      if (typeof input.deliver !== 'function') throw invalidField('deliver', 'must be a function')
      const from = parsePolicy(input.from)
      const to = parsePolicy(input.to)
      const diff = diffPolicies(from, to)
      const touched = touchedCategories(from, to, diff.changes)
      const report = {
        fromVersion: from.meta.version,
        toVersion: to.meta.version,
        material: diff.material,
        categories: touched === 'all' ? ('all' as const) : [...touched].sort(),
        considered: 0,
        sent: 0,
        alreadyAnnounced: 0,
        untouched: 0,
        failed: [] as { subject: string; message: string }[],
      }
      if (!diff.material) return report
      const interval = 1000 / perSecond
      let lastSend = Number.NEGATIVE_INFINITY
      for (let after = ''; ; ) {
        const page = await db.selectFrom('privacy_contacts').selectAll().where('subject', '>', after).orderBy('subject').limit(PAGE).execute()
        for (const row of page) {
          const subject = row.subject as SubjectId
          report.considered++
          if (await alreadyAnnounced(subject, report.fromVersion, report.toVersion)) {
            report.alreadyAnnounced++
            continue
          }
          if (touched !== 'all') {
            const held = await subjectCategories(subject)
            if (![...touched].some((c) => held.has(c))) {
              report.untouched++
              continue
            }
          }
          const wait = lastSend + interval - performance.now()
          if (wait > 0) await sleep(wait)
          lastSend = performance.now()
          const email = vault.open({ kind: 'email', keyId: row.email_key_id, ciphertext: row.email_ciphertext })
          try {
            await input.deliver({ subject, email })
          } catch (error) {
            report.failed.push({ subject, message: error instanceof Error ? error.message : String(error) })
            continue
          }
          // Delivered, then recorded: a crash in between resends to this one subject on the next
          // run, which is better than recording an announcement that never left.
          await ctx.ledger.append({
            subject,
            type: 'notice.announced',
            fromVersion: report.fromVersion,
            toVersion: report.toVersion,
            channel: 'email',
            method: 'policy_announcement',
            evidence: { categories: report.categories === 'all' ? 'all' : report.categories.join(',') },
          })
          report.sent++
        }
        const last = page.at(-1)
        if (last === undefined || page.length < PAGE) break
        after = last.subject
      }
      return report
    },
  }
}
