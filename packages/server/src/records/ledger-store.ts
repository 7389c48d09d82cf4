import type { Policy } from '@onmion/privacy-schema'
import type { Kysely } from 'kysely'
import type { Ledger } from '../ledger/ledger-types.js'
import type { Tables } from '../storage/tables.js'
import { ledgerRules } from './ledger-rules.js'
import { ledgerExpired, redactLedgerBatch, type LedgerCursor } from './ledger-sweep.js'
import { LEDGER_SOURCE_ID, type RecordStore } from './sources.js'

/**
 * The consent ledger as a record store: one kind per event type, under the rules of
 * `LEDGER_RULES`. A sweep redacts (payload, evidence and identifiers nulled; the chain stays, so
 * `verify()` holds), never an event that still decides the subject's state, and tells every
 * instance to drop the touched subjects' cached state.
 *
 * @example registry.registerStore(ledgerStore(policy, db, ledger, () => new Date()))
 */
export function ledgerStore(policy: Policy, db: Kysely<Tables>, ledger: Pick<Ledger, 'invalidate'>, now: () => Date): RecordStore {
  return {
    id: LEDGER_SOURCE_ID,
    kinds: ledgerRules(policy),
    action: 'redacted',
    retention: {
      expired: (kind, cutoff, scope) => ledgerExpired(db, { types: [kind], cutoff, heldSubjects: scope.heldSubjects }),
      async remove(kind, batch) {
        const result = await db.transaction().execute(async (trx) => {
          const scope = { types: [kind], cutoff: batch.cutoff, heldSubjects: batch.heldSubjects }
          const redacted = await redactLedgerBatch(trx, scope, batch.limit, batch.cursor as LedgerCursor | null, now())
          await batch.audit(redacted.redacted, trx)
          return redacted
        })
        if (result.subjects.length > 0) await ledger.invalidate(result.subjects)
        return { removed: result.redacted, cursor: result.cursor, done: result.cursor === null }
      },
    },
  }
}
