// Merkle proofs (RFC 9162)
export { leafHash, nodeHash, verifyConsistency, verifyInclusion } from './merkle.js'
export type { ConsistencyProof, InclusionProof } from './merkle.js'

// Signed checkpoints
export { checkpointBody, parseCheckpoint, signatureLine, verifyCheckpoint } from './checkpoint.js'
export type { Checkpoint, CheckpointVerification } from './checkpoint.js'
export { verifyCheckpointConsistency } from './checkpoint-consistency.js'
export type { CheckpointConsistencyVerification, ConsistencyProblem } from './checkpoint-consistency.js'
export { noteKeyHash, publicKeyBytes, verifyEd25519 } from './signature.js'
export type { PublicKey } from './signature.js'

// Ledger events and their proofs
export { canonicalJson } from './canonical-json.js'
export { contentHashText, eventLeaf, personalHashText } from './event.js'
export type { EventContent, EventLeaf, EventRecord, PersonalContent } from './event.js'
export { verifyEventProof } from './event-proof.js'
export type { EventProof, EventProofVerification, ProofProblem } from './event-proof.js'

// Encoding and errors
export { fromBase64, fromHex, toBase64, toHex } from './encoding.js'
export { ProofError, ProofErrorCode, isProofError } from './errors.js'

// Consent receipts
export { receiptSigningText, verifyReceipt } from './receipt.js'
export type { ConsentReceipt, ReceiptPurpose, ReceiptVerification } from './receipt.js'
