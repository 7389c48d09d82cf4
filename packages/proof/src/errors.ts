/**
 * Why a proof could not even be checked: its input is not in the expected shape. A proof that is
 * well formed but false is not an error: the `verify*` functions answer `{ ok: false, problem }`.
 *
 * @example
 * if (isProofError(error) && error.code === ProofErrorCode.MALFORMED) console.error(error.field)
 */
export const ProofErrorCode = {
  /** A field is missing or not in its format (hex, base64, a checkpoint note). */
  MALFORMED: 'MALFORMED',
  /** This runtime's WebCrypto has no Ed25519 (browsers before 2025, Node before 18.4). */
  UNSUPPORTED: 'UNSUPPORTED',
} as const
export type ProofErrorCode = (typeof ProofErrorCode)[keyof typeof ProofErrorCode]

/**
 * The verifier's error: a `code` and the `field` at fault.
 *
 * @example
 * throw new ProofError(ProofErrorCode.MALFORMED, 'rootHash: must be lowercase hex', 'rootHash')
 */
export class ProofError extends Error {
  override readonly name = 'ProofError'
  readonly code: ProofErrorCode
  readonly field: string | undefined

  constructor(code: ProofErrorCode, message: string, field?: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.field = field
  }
}

/**
 * True for a {@link ProofError}, also from another copy of this package (matched by `name`).
 *
 * @example
 * try { parseCheckpoint(text) } catch (e) { if (isProofError(e)) console.error(e.field) }
 */
export function isProofError(error: unknown): error is ProofError {
  return error instanceof ProofError || (error instanceof Error && error.name === 'ProofError' && 'code' in error)
}
