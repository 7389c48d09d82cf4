import type { Kysely } from 'kysely'
import type { IdentifierKind, IdentifierVault } from '../crypto/vault.js'
import { PrivacyError, PrivacyErrorCode } from '../errors.js'
import type { Tables } from '../storage/tables.js'
import type { ReencryptReport } from './ledger-types.js'

/**
 * Moves every identifier in `privacy_events` sealed under an older key to the vault's current
 * key, `batchSize` rows per round. Each row is updated only if its key id is still the old one,
 * so a concurrent run never double-writes. The keyed-hash lookup and the chain are unchanged
 * (the content hash covers the lookup, not the ciphertext).
 *
 * @throws {@link PrivacyError} CONFIGURATION without keys; INTEGRITY when a row's key id is unknown.
 * @example
 * const { reencrypted } = await reencryptIdentifiers(db, vault, 500)
 */
export async function reencryptIdentifiers(db: Kysely<Tables>, vault: IdentifierVault, batchSize: number): Promise<ReencryptReport> {
  const current = vault.currentKeyId
  if (current === undefined) throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'keys: no identifier keys configured', { field: 'keys' })
  let reencrypted = 0
  for (;;) {
    const rows = await db
      .selectFrom('privacy_events')
      .select(['id', 'identifier_kind', 'identifier_key_id', 'identifier_ciphertext'])
      .where('identifier_key_id', 'is not', null)
      .where('identifier_key_id', '<>', current)
      .where('identifier_ciphertext', 'is not', null)
      .limit(batchSize)
      .execute()
    if (rows.length === 0) break
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const kind = row.identifier_kind as IdentifierKind
        const clear = vault.open({ kind, keyId: row.identifier_key_id ?? '', ciphertext: row.identifier_ciphertext ?? '' })
        const sealed = vault.seal(kind, clear)
        const result = await trx
          .updateTable('privacy_events')
          .set({ identifier_key_id: sealed.keyId, identifier_ciphertext: sealed.ciphertext })
          .where('id', '=', row.id)
          .where('identifier_key_id', '=', row.identifier_key_id)
          .executeTakeFirst()
        reencrypted += Number(result.numUpdatedRows)
      }
    })
  }
  return { reencrypted, keyId: current }
}
