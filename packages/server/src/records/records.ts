import type { Policy } from '@onmion/privacy-schema'
import type { Kysely } from 'kysely'
import type { Ledger } from '../ledger/ledger-types.js'
import type { Tables } from '../storage/tables.js'
import { createLegalHolds, type LegalHolds } from './holds.js'
import { ledgerStore } from './ledger-store.js'
import { createSourceRegistry, type SourceRegistry } from './sources.js'

/**
 * What rights and retention both stand on, built once per privacy instance and carried on the
 * context: the data sources (the ledger's store first) and the legal holds.
 *
 * @example const held = await ctx.records.holds.activeFor('u_42')
 */
export interface Records<P extends Policy = Policy> {
  readonly sources: SourceRegistry<P>
  readonly holds: LegalHolds
}

/**
 * Builds the records layer: the source registry with the ledger registered as a store, and the
 * legal-hold store.
 *
 * @example const records = createRecords(policy, db, ledger, now)
 */
export function createRecords<P extends Policy>(policy: P, db: Kysely<Tables>, ledger: Pick<Ledger, 'invalidate'>, now: () => Date): Records<P> {
  const sources = createSourceRegistry(policy)
  sources.registerStore(ledgerStore(policy, db, ledger, now))
  return { sources, holds: createLegalHolds(db, new Set(policy.retention.map((r) => r.id)), now) }
}
