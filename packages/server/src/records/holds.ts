import { randomUUID } from 'node:crypto'
import { SubjectId } from '@onmion/privacy-schema'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { PrivacyError, PrivacyErrorCode, invalidField, invalidInput } from '../errors.js'
import { guardInput } from '../input-guard.js'
import type { ActiveHolds } from './erasure-guard.js'
import type { Tables } from '../storage/tables.js'
import type { LegalHoldRow } from './tables.js'

/**
 * A legal hold as returned by `privacy.retention.holds`.
 *
 * @example const hold: LegalHold = await privacy.retention.holds.place({ scope: 'subject', target: 'u_42', reason: 'litigation 2026-17' })
 */
export interface LegalHold {
  readonly id: string
  readonly scope: 'subject' | 'rule'
  readonly target: string
  readonly reason: string
  readonly placedAt: Date
  readonly releasedAt: Date | null
  readonly releaseReason: string | null
}

/**
 * What `holds.place` takes: a hold on a subject (`target` is the subject id) or on a retention
 * rule (`target` is the rule id), and why.
 *
 * @example PlaceHoldInput.parse({ scope: 'rule', target: 'usage_logs', reason: 'regulator inquiry' })
 */
export const PlaceHoldInput = z
  .object({
    scope: z.enum(['subject', 'rule']),
    target: z.string().min(1).max(128),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
export type PlaceHoldInput = z.infer<typeof PlaceHoldInput>

/**
 * Legal holds: place, release, list, and what is held now.
 *
 * @example
 * const hold = await privacy.retention.holds.place({ scope: 'subject', target: 'u_42', reason: 'litigation' })
 * await privacy.retention.holds.release(hold.id, { reason: 'case closed' })
 */
export interface LegalHolds {
  place(input: PlaceHoldInput): Promise<LegalHold>
  release(id: string, input: { reason: string }): Promise<LegalHold>
  list(filter?: { active?: boolean; scope?: 'subject' | 'rule'; target?: string }): Promise<LegalHold[]>
  /** The holds in force for one subject (a subject hold) and on which rules. */
  activeFor(subject: string): Promise<ActiveHolds>
  /** Every subject and rule under a hold now. */
  active(): Promise<{ subjects: Set<string>; rules: Set<string> }>
}

type Row = LegalHoldRow

const toHold = (row: Row): LegalHold => ({
  id: row.id,
  scope: row.scope as LegalHold['scope'],
  target: row.target,
  reason: row.reason,
  placedAt: row.placed_at,
  releasedAt: row.released_at,
  releaseReason: row.release_reason,
})

/**
 * Creates the legal-hold store over `privacy_legal_holds`. A rule hold must name a rule of the
 * policy.
 *
 * @example const holds = createLegalHolds(ctx.db, new Set(ctx.policy.retention.map((r) => r.id)), () => ctx.now())
 */
export function createLegalHolds(db: Kysely<Tables>, ruleIds: ReadonlySet<string>, now: () => Date): LegalHolds {
  return {
    async place(input) {
      guardInput(input)
      const parsed = PlaceHoldInput.safeParse(input)
      if (!parsed.success) throw invalidInput(parsed.error)
      const { scope, target, reason } = parsed.data
      if (scope === 'rule' && !ruleIds.has(target)) throw invalidField('target', `unknown retention rule "${target}"`)
      // A hold on a malformed subject would match nothing and protect nothing: refuse it.
      if (scope === 'subject' && !SubjectId.safeParse(target).success) throw invalidField('target', `"${target}" is not a subject id`)
      const row: Row = { id: `hold_${randomUUID().replaceAll('-', '')}`, scope, target, reason, placed_at: now(), released_at: null, release_reason: null }
      await db.insertInto('privacy_legal_holds').values(row).execute()
      return toHold(row)
    },
    async release(id, input) {
      guardInput({ id, ...input })
      const reason = z.string().trim().min(1).max(2000).safeParse(input.reason)
      if (!reason.success) throw invalidInput(reason.error, 'reason')
      const row = await db
        .updateTable('privacy_legal_holds')
        .set({ released_at: now(), release_reason: reason.data })
        .where('id', '=', id)
        .where('released_at', 'is', null)
        .returningAll()
        .executeTakeFirst()
      if (row) return toHold(row)
      const existing = await db.selectFrom('privacy_legal_holds').select('id').where('id', '=', id).executeTakeFirst()
      if (existing) throw new PrivacyError(PrivacyErrorCode.CONFLICT, `id: hold "${id}" is already released`, { field: 'id' })
      throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `id: no legal hold "${id}"`, { field: 'id' })
    },
    async list(filter = {}) {
      let query = db.selectFrom('privacy_legal_holds').selectAll().orderBy('placed_at').orderBy('id')
      if (filter.active === true) query = query.where('released_at', 'is', null)
      if (filter.active === false) query = query.where('released_at', 'is not', null)
      if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope)
      if (filter.target !== undefined) query = query.where('target', '=', filter.target)
      return (await query.execute()).map(toHold)
    },
    async activeFor(subject) {
      const rows = await db
        .selectFrom('privacy_legal_holds')
        .select(['scope', 'target'])
        .where('released_at', 'is', null)
        .where((eb) => eb.or([eb.and([eb('scope', '=', 'subject'), eb('target', '=', subject)]), eb('scope', '=', 'rule')]))
        .execute()
      return { subject: rows.some((r) => r.scope === 'subject'), rules: new Set(rows.filter((r) => r.scope === 'rule').map((r) => r.target)) }
    },
    async active() {
      const rows = await db.selectFrom('privacy_legal_holds').select(['scope', 'target']).where('released_at', 'is', null).execute()
      return {
        subjects: new Set(rows.filter((r) => r.scope === 'subject').map((r) => r.target)),
        rules: new Set(rows.filter((r) => r.scope === 'rule').map((r) => r.target)),
      }
    },
  }
}
