import type { Policy } from '@onmion/privacy-schema'
import type { Kysely } from 'kysely'
import type { IdentifierVault } from './crypto/vault.js'
import type { Ledger } from './ledger/ledger-types.js'
import type { Records } from './records/records.js'
import type { Backend } from './storage/database.js'
import type { Tables } from './storage/tables.js'

/**
 * What every feature of the server SDK is built from: the policy, the database, the ledger, the
 * identifier vault, the records layer (data sources and legal holds, shared by rights and
 * retention) and the clock. `createPrivacy` makes one and hands it to each feature's
 * factory (`createSms(ctx)`, `createRights(ctx)`, `createRetention(ctx)`).
 *
 * @example
 * export function createSms<P extends Policy>(ctx: PrivacyContext<P>) {
 *   return { async optOut(phone: string) { return ctx.ledger.append({ ... }) } }
 * }
 */
export interface PrivacyContext<P extends Policy = Policy> {
  readonly policy: P
  readonly db: Kysely<Tables>
  readonly backend: Backend
  readonly ledger: Ledger<P>
  readonly vault: IdentifierVault
  /** The data sources and legal holds, built once per instance. */
  readonly records: Records<P>
  /** The clock: tests pass a fixed one to `createPrivacy({ clock })`. */
  now(): Date
}
