import { verifyCheckpoint, type ConsentReceipt, type ConsistencyProof, type EventProof, type PublicKey } from '@onmion/privacy-proof'
import type { Policy } from '@onmion/privacy-schema'
import type { PrivacyContext } from '../context.js'
import type { VerifyReport } from '../ledger/ledger-types.js'
import { PrivacyError, PrivacyErrorCode, invalidField, isPrivacyError } from '../errors.js'
import { eventRecord } from './event-record.js'
import { leafIndexOf, logLength } from './log-store.js'
import { signReceipt, type ReceiptOptions } from './receipt.js'
import { checkpointInput, signCheckpoint, type SignedCheckpoint } from './signed-checkpoint.js'
import { loadSigner, type CheckpointKey, type Signer } from './signing-key.js'
import { coveredSize, extendSubtrees, withStoredSubtrees } from './subtree-store.js'
import { consistencyPath, inclusionPath, merkleRoot } from './tree.js'
import { verifyAgainstCheckpoint, type CheckpointVerifyReport } from './verify-log.js'

/**
 * The log's name in its checkpoints when `checkpoints.origin` is not set. A deployment should
 * set its own (e.g. `privacy.example.com/ledger`), so a checkpoint of one log is never taken for
 * another's.
 *
 * @example
 * await createPrivacy({ policy, checkpoints: { origin: 'privacy.onmion.com/ledger' } })
 */
export const DEFAULT_ORIGIN = 'onmion-privacy/ledger'

/**
 * Options of signed checkpoints (`createPrivacy({ checkpoints })`).
 *
 * @example
 * const checkpoints: CheckpointOptions = { key: { keyId: 'onmion-2026-11', privateKey: seed }, origin: 'privacy.onmion.com/ledger' }
 */
export interface CheckpointOptions {
  /** The signing key (default: `ONMION_PRIVACY_CHECKPOINT_KEY`). Without one, checkpoints and proofs are refused. */
  key?: CheckpointKey
  /** The log's name in its checkpoints (default {@link DEFAULT_ORIGIN}). */
  origin?: string
  /** Public keys of earlier signing keys, so checkpoints they signed still verify after a rotation. */
  trustedKeys?: readonly PublicKey[]
}

/**
 * The ledger's proofs: signed checkpoints of the Merkle log, inclusion proofs of events, and
 * verification of the ledger against a checkpoint.
 *
 * @example
 * const checkpoint = await privacy.ledger.checkpoint()
 * const proof = await privacy.ledger.prove(event.id, { checkpoint })
 */
export interface LedgerProofs {
  // Function properties rather than methods: they are handed around unbound (`privacy.ledger.prove`).
  /** The key checkpoints are signed with, as verifiers need it. */
  readonly publicKey: () => PublicKey
  /** Signs a checkpoint of the log as it is now. */
  readonly checkpoint: () => Promise<SignedCheckpoint>
  /** An inclusion proof of one event in `checkpoint` (default: a new checkpoint). */
  readonly prove: (eventId: string, options?: { checkpoint?: SignedCheckpoint | string }) => Promise<EventProof>
  /**
   * The signed consent receipt of one event, with its inclusion proof in `checkpoint` when that
   * covers it (default: a new checkpoint, so it always does). `proof: false` signs it without a
   * proof and without touching the log (the receipt a browser gets back for the choice it just
   * recorded, which no checkpoint covers yet).
   */
  readonly receipt: (eventId: string, options?: ReceiptOptions & { checkpoint?: SignedCheckpoint | string; proof?: boolean }) => Promise<ConsentReceipt>
  /**
   * The RFC 9162 consistency proof that the log of `to` events extends the log of `from` events
   * (the sizes of two checkpoints), O(log n) hashes: check it against the two signed checkpoints
   * with `verifyCheckpointConsistency` of `@onmion/privacy-proof`.
   */
  readonly consistency: (options: { from: number; to: number }) => Promise<ConsistencyProof>
  /** Holds the ledger against a checkpoint taken earlier. */
  readonly verify: (options: { checkpoint: SignedCheckpoint | string }) => Promise<CheckpointVerifyReport>
}

/**
 * `ledger.verify`: of the chains alone, or of the whole ledger against a checkpoint.
 *
 * @example
 * const chains = await privacy.ledger.verify()
 * const against = await privacy.ledger.verify({ checkpoint: note })
 */
export interface LedgerVerify {
  (options?: { subject?: string }): Promise<VerifyReport>
  (options: { checkpoint: SignedCheckpoint | string }): Promise<CheckpointVerifyReport>
}

/**
 * Checked checkpoint settings: the loaded signer, the origin and the keys checkpoints verify with.
 *
 * @example
 * const settings = checkpointSettings({ key: resolveCheckpointKey(undefined) })
 */
export interface CheckpointSettings {
  readonly signer: Signer | undefined
  readonly origin: string
  readonly keys: readonly PublicKey[]
}

/**
 * Validates checkpoint options before anything is opened: `key` is the configured signing key,
 * if any (from the option or the environment).
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `checkpoints.key...` or `checkpoints.origin`.
 * @example
 * const settings = checkpointSettings({ key: resolveCheckpointKey(options.checkpoints?.key), origin: 'privacy.onmion.com/ledger' })
 */
export function checkpointSettings(options: Omit<CheckpointOptions, 'key'> & { key: unknown }): CheckpointSettings {
  const signer = options.key === undefined ? undefined : loadSigner(options.key)
  const origin = options.origin ?? DEFAULT_ORIGIN
  if (typeof origin !== 'string' || origin === '' || /[\n\u2014]/.test(origin)) throw invalidField('checkpoints.origin', 'must be one line of text')
  return { signer, origin, keys: [...(signer ? [signer.publicKey] : []), ...(options.trustedKeys ?? [])] }
}

/**
 * Builds {@link LedgerProofs} on a privacy context.
 *
 * @example
 * const proofs = createLedgerProofs(context, checkpointSettings({ key: undefined }))
 */
export function createLedgerProofs<P extends Policy>(ctx: PrivacyContext<P>, settings: CheckpointSettings): LedgerProofs {
  const { signer, origin, keys } = settings
  const requireSigner = (): Signer => {
    if (signer !== undefined) return signer
    throw new PrivacyError(
      PrivacyErrorCode.CONFIGURATION,
      'checkpoints need a signing key: set ONMION_PRIVACY_CHECKPOINT_KEY or createPrivacy({ checkpoints: { key } }) (make one with generateCheckpointKey)',
      { field: 'checkpoints.key' },
    )
  }

  const sign = (treeSize: number, rootHash: string): Promise<SignedCheckpoint> =>
    signCheckpoint(requireSigner(), { origin, treeSize, rootHash, time: ctx.now().toISOString(), policyVersion: ctx.policy.meta.version })
  // The stored subtrees are extended to today's log, then the root is read from them: O(new
  // leaves + log n), not a pass over every leaf.
  const checkpoint = async (): Promise<SignedCheckpoint> => {
    requireSigner()
    const { size, root } = await ctx.db.transaction().execute(async (trx) => {
      const size = await extendSubtrees(trx)
      return { size, root: await withStoredSubtrees(trx, (source) => merkleRoot(source, 0, size)) }
    })
    return sign(size, root.toString('hex'))
  }

  return {
    publicKey: () => requireSigner().publicKey,
    checkpoint,

    prove,

    async consistency(options) {
      const { from, to } = ((options as unknown) !== null && typeof options === 'object' ? options : {}) as { from?: unknown; to?: unknown }
      const size = (value: unknown, field: string): number => {
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalidField(field, 'must be a tree size (a whole number >= 0)')
        return value
      }
      const firstSize = size(from, 'from')
      const secondSize = size(to, 'to')
      if (firstSize > secondSize) throw invalidField('from', `must be at most to (${secondSize})`)
      const logSize = await logLength(ctx.db)
      if (secondSize > logSize) throw invalidField('to', `is past the log, which holds ${logSize} events`)
      if ((await coveredSize(ctx.db)) < secondSize) await ctx.db.transaction().execute((trx) => extendSubtrees(trx))
      const path = await withStoredSubtrees(ctx.db, (source) => consistencyPath(source, firstSize, secondSize))
      return { firstSize, secondSize, path: path.map((h) => h.toString('hex')) }
    },

    async receipt(eventId, options = {}) {
      const key = requireSigner()
      const { checkpoint: given, proof: withProof = true, ...receiptOptions } = options
      let proof: EventProof | null = null
      if (withProof) {
        try {
          proof = await prove(eventId, given === undefined ? {} : { checkpoint: given })
        } catch (error) {
          // Recorded after the checkpoint given: a receipt without a proof, until a later checkpoint covers it.
          if (!(isPrivacyError(error) && error.code === PrivacyErrorCode.NOT_FOUND && error.message.includes('after the checkpoint'))) throw error
        }
      } else if (typeof eventId !== 'string' || eventId === '' || eventId.length > 200) {
        throw invalidField('eventId', 'must be the id of a recorded event')
      }
      const row = await ctx.db.selectFrom('privacy_events').selectAll().where('id', '=', eventId).executeTakeFirst()
      if (row === undefined) throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `eventId: no event ${eventId} is recorded`, { field: 'eventId' })
      return signReceipt(ctx.policy, key, eventRecord(row), proof, receiptOptions)
    },

    async verify(verifyOptions) {
      const input = checkpointInput(verifyOptions.checkpoint)
      return verifyAgainstCheckpoint(ctx.db, input, { keys, origin, chains: () => ctx.ledger.verify() })
    },
  }

  async function prove(eventId: string, proveOptions: { checkpoint?: SignedCheckpoint | string } = {}): Promise<EventProof> {
    if (typeof eventId !== 'string' || eventId === '' || eventId.length > 200) throw invalidField('eventId', 'must be the id of a recorded event')
    const row = await ctx.db.selectFrom('privacy_events').selectAll().where('id', '=', eventId).executeTakeFirst()
    if (row === undefined) throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `eventId: no event ${eventId} is recorded`, { field: 'eventId' })
    const leafIndex = await leafIndexOf(ctx.db, eventId)
    if (leafIndex === undefined) throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `event ${eventId} is not in the log: run ledger.verify({ checkpoint })`)
    let note: string
    let treeSize: number
    if (proveOptions.checkpoint === undefined) {
      const fresh = await checkpoint()
      note = fresh.note
      treeSize = fresh.treeSize
    } else {
      const given = checkpointInput(proveOptions.checkpoint)
      const key = keys.find((k) => k.keyId === given.checkpoint.keyId)
      const signed = key === undefined ? undefined : await verifyCheckpoint(given.note, key)
      if (!signed?.ok) throw invalidField('checkpoint', `is not signed by a key of this ledger (${keys.map((k) => k.keyId).join(', ') || 'none configured'})`)
      treeSize = signed.checkpoint.treeSize
      if ((await coveredSize(ctx.db)) < treeSize) await ctx.db.transaction().execute((trx) => extendSubtrees(trx))
      const root = await withStoredSubtrees(ctx.db, (source) => merkleRoot(source, 0, treeSize))
      if (root.toString('hex') !== signed.checkpoint.rootHash) {
        throw new PrivacyError(PrivacyErrorCode.INTEGRITY, 'the log no longer matches this checkpoint: run ledger.verify({ checkpoint })')
      }
      note = given.note
    }
    if (leafIndex >= treeSize) {
      throw new PrivacyError(PrivacyErrorCode.NOT_FOUND, `eventId: event ${eventId} (leaf ${leafIndex}) was recorded after the checkpoint of ${treeSize} events: take a newer checkpoint`, {
        field: 'eventId',
      })
    }
    const path = await withStoredSubtrees(ctx.db, (source) => inclusionPath(source, leafIndex, treeSize))
    return { event: eventRecord(row), leafIndex, treeSize, path: path.map((h) => h.toString('hex')), checkpoint: note }
  }
}
