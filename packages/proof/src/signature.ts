import { concat, fromBase64, sha256 } from './encoding.js'
import { ProofError, ProofErrorCode } from './errors.js'

/**
 * A published verification key: the key id the signer names and the raw 32-byte Ed25519 public
 * key, base64 (what `GET /v1/ledger/public-key` answers).
 *
 * @example
 * const key: PublicKey = { keyId: 'onmion-2026-11', publicKey: 'MCowBQYDK2VwAyEA…' }
 */
export interface PublicKey {
  readonly keyId: string
  readonly publicKey: string
}

/**
 * The 4-byte key hash of a signed note (C2SP signed-note): SHA-256(name || "\n" || 0x01 ||
 * public key), first four bytes. It ties a signature line to one key, so a signature made by
 * another key under the same name is told apart before any cryptography runs.
 *
 * @example
 * const hash = await noteKeyHash('onmion-2026-11', publicKeyBytes)
 */
export async function noteKeyHash(keyId: string, publicKey: Uint8Array): Promise<Uint8Array> {
  const digest = await sha256(concat(new TextEncoder().encode(`${keyId}\n`), new Uint8Array([0x01]), publicKey))
  return digest.slice(0, 4)
}

/**
 * The raw public key bytes of `key`, checked to be 32 bytes.
 *
 * @throws {@link ProofError} MALFORMED when `publicKey` is not 32 bytes of base64.
 * @example
 * const bytes = publicKeyBytes({ keyId, publicKey })
 */
export function publicKeyBytes(key: PublicKey): Uint8Array {
  const bytes = fromBase64(key.publicKey, 'publicKey')
  if (bytes.length !== 32) throw new ProofError(ProofErrorCode.MALFORMED, 'publicKey: must be a 32-byte Ed25519 key, base64', 'publicKey')
  return bytes
}

/**
 * Checks an Ed25519 signature with WebCrypto.
 *
 * @throws {@link ProofError} UNSUPPORTED when this runtime's WebCrypto lacks Ed25519.
 * @example
 * await verifyEd25519(publicKeyBytes(key), signature, new TextEncoder().encode(body)) // true
 */
export async function verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  if (signature.length !== 64) return false
  const key = await crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']).catch((error: unknown) => {
    throw new ProofError(ProofErrorCode.UNSUPPORTED, 'this runtime’s WebCrypto cannot verify Ed25519 signatures', undefined, { cause: error })
  })
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>)
}
