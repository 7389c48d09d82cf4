import { canonicalJson } from './canonical-json.js'
import { verifyCheckpoint, type Checkpoint } from './checkpoint.js'
import { fromBase64 } from './encoding.js'
import { eventLeaf, type EventRecord } from './event.js'
import { verifyInclusion } from './merkle.js'
import { publicKeyBytes, verifyEd25519, type PublicKey } from './signature.js'

/**
 * One purpose of a receipt's service, with the Kantara Consent Receipt v1.1 purpose fields.
 *
 * @example
 * const purpose: ReceiptPurpose = receipt.services[0].purposes[0]
 */
export interface ReceiptPurpose {
  readonly purpose: string
  readonly purposeCategory: readonly string[]
  /** `EXPLICIT` for consent-based purposes; otherwise the legal basis the policy names. */
  readonly consentType: string
  readonly piiCategory: readonly string[]
  readonly primaryPurpose: boolean
  readonly termination: string
  readonly thirdPartyDisclosure: boolean
  readonly thirdPartyName?: readonly string[]
  /** What the person chose for this purpose: `granted` or `withdrawn`. */
  readonly state: 'granted' | 'withdrawn'
}

/**
 * A consent receipt: the Kantara Consent Receipt v1.1 fields, in the shape of an ISO/IEC TS
 * 27560 consent record (its event and its state), carrying the ledger event it was made from, its
 * inclusion proof once checkpointed, and an Ed25519 signature over everything else.
 *
 * @example
 * const receipt: ConsentReceipt = await (await fetch(`/v1/receipts/${eventId}`, { headers })).json()
 */
export interface ConsentReceipt {
  readonly version: 'KI-CR-v1.1.0'
  readonly jurisdiction: string
  /** Seconds since the epoch (Kantara v1.1), from the event's `occurredAt`. */
  readonly consentTimestamp: number
  readonly collectionMethod: string
  readonly consentReceiptID: string
  readonly publicKey: string
  readonly language: string
  readonly piiPrincipalId: string
  readonly piiControllers: readonly { readonly piiController: string; readonly contact: string; readonly email: string; readonly phone: string; readonly piiControllerUrl: string }[]
  readonly policyUrl: string
  readonly policyVersion: string
  readonly services: readonly { readonly service: string; readonly purposes: readonly ReceiptPurpose[] }[]
  readonly sensitive: boolean
  readonly spiCat: readonly string[]
  /** The ledger event the receipt was made from, as its hashes cover it. */
  readonly event: EventRecord
  /** Its inclusion proof in a signed checkpoint, once one covers it. */
  readonly proof: { readonly leafIndex: number; readonly treeSize: number; readonly path: readonly string[]; readonly checkpoint: string } | null
  readonly signature: { readonly keyId: string; readonly algorithm: 'Ed25519'; readonly value: string }
}

/**
 * The text a receipt's signature covers: its canonical JSON without `signature`.
 *
 * @example
 * const signed = receiptSigningText(receipt)
 */
export function receiptSigningText(receipt: Omit<ConsentReceipt, 'signature'> & { signature?: unknown }): string {
  const { signature: _signature, ...rest } = receipt
  return canonicalJson(rest)
}

/**
 * The answer of {@link verifyReceipt}.
 *
 * @example
 * const result = await verifyReceipt(receipt, key)
 */
export type ReceiptVerification =
  | { readonly ok: true; readonly checkpoint: Checkpoint | null }
  | {
      readonly ok: false
      readonly problem: 'signature_invalid' | 'key_not_signer' | 'field_mismatch' | 'personal_hash_mismatch' | 'hash_mismatch' | 'tree_size_mismatch' | 'not_included'
      readonly message: string
    }

/**
 * Checks a consent receipt end to end, offline, with only the ledger's public key: the receipt's
 * signature (one changed field fails), that its Kantara fields say what its event says, the
 * event's hashes, and, when the receipt carries a proof, the event's inclusion in the signed
 * checkpoint.
 *
 * @throws {@link ProofError} MALFORMED for input not in its format; UNSUPPORTED without WebCrypto Ed25519.
 * @example
 * const result = await verifyReceipt(receipt, { keyId: 'onmion-2026-11', publicKey: 'base64…' })
 * if (result.ok) show(receipt.services[0].purposes)
 */
export async function verifyReceipt(receipt: ConsentReceipt, key: PublicKey): Promise<ReceiptVerification> {
  if (receipt.signature.keyId !== key.keyId || receipt.publicKey !== key.publicKey) {
    return { ok: false, problem: 'key_not_signer', message: `the receipt is signed by key ${receipt.signature.keyId}, not ${key.keyId}` }
  }
  const signed = await verifyEd25519(publicKeyBytes(key), fromBase64(receipt.signature.value, 'signature.value'), new TextEncoder().encode(receiptSigningText(receipt)))
  if (!signed) return { ok: false, problem: 'signature_invalid', message: 'the receipt’s signature does not match its content: it was changed after signing' }
  const { event } = receipt
  const mismatch = (
    [
      ['consentReceiptID', receipt.consentReceiptID, event.id],
      ['piiPrincipalId', receipt.piiPrincipalId, event.subject],
      ['collectionMethod', receipt.collectionMethod, event.method],
      ['policyVersion', receipt.policyVersion, event.policyVersion],
      ['consentTimestamp', receipt.consentTimestamp, Math.floor(Date.parse(event.occurredAt) / 1000)],
    ] as const
  ).find(([, said, recorded]) => said !== recorded)
  if (mismatch) return { ok: false, problem: 'field_mismatch', message: `${mismatch[0]} says ${String(mismatch[1])}, the event ${String(mismatch[2])}` }
  const leaf = await eventLeaf(event)
  if (!leaf.ok) return leaf
  if (receipt.proof === null) return { ok: true, checkpoint: null }
  const checkpoint = await verifyCheckpoint(receipt.proof.checkpoint, key)
  if (!checkpoint.ok) return checkpoint
  if (checkpoint.checkpoint.treeSize !== receipt.proof.treeSize) {
    return { ok: false, problem: 'tree_size_mismatch', message: `the proof is for ${receipt.proof.treeSize} events, the checkpoint for ${checkpoint.checkpoint.treeSize}` }
  }
  if (!(await verifyInclusion(leaf.leafHash, receipt.proof, checkpoint.checkpoint.rootHash))) {
    return { ok: false, problem: 'not_included', message: `event ${event.id} is not at leaf ${receipt.proof.leafIndex} of the checkpoint` }
  }
  return { ok: true, checkpoint: checkpoint.checkpoint }
}
