import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import type { PublicKey } from '@onmion/privacy-proof'
import { z } from 'zod'
import { invalidField, invalidInput } from '../errors.js'

/** The DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * The key that signs checkpoints and receipts: an Ed25519 private key (its 32-byte seed,
 * base64) and the id it is published under. It comes from `createPrivacy({ checkpoints: { key } })`
 * or `ONMION_PRIVACY_CHECKPOINT_KEY` (this shape, as JSON), never from the database: whoever can write
 * the database must not be able to sign.
 *
 * @example
 * const key: CheckpointKey = { keyId: 'onmion-2026-11', privateKey: process.env.CHECKPOINT_SEED! }
 */
export const CheckpointKey = z.strictObject({
  keyId: z.string().regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'must be a key id of letters, digits, "_", ".", "+" or "-"'),
  privateKey: z
    .string()
    .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, 'must be a 32-byte Ed25519 seed, base64-encoded'),
  /** The public half, as {@link generateCheckpointKey} gives it: when present, it must match the private key. */
  publicKey: z.string().optional(),
})
export type CheckpointKey = z.infer<typeof CheckpointKey>

/**
 * A loaded signing key: its public half (what verifiers need) and a signing function.
 *
 * @example
 * const signer = loadSigner(key)
 * const signature = signer.sign(Buffer.from(body))
 */
export interface Signer {
  readonly publicKey: PublicKey
  /** The raw 32-byte public key. */
  readonly publicKeyBytes: Buffer
  sign(message: Uint8Array): Buffer
}

/**
 * Loads a {@link CheckpointKey}.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming the field (`checkpoints.key.privateKey`).
 * @example
 * const signer = loadSigner({ keyId: 'onmion-2026-11', privateKey: seed })
 */
export function loadSigner(input: unknown): Signer {
  const parsed = CheckpointKey.safeParse(input)
  if (!parsed.success) throw invalidInput(parsed.error, 'checkpoints.key')
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(parsed.data.privateKey, 'base64')]),
    format: 'der',
    type: 'pkcs8',
  })
  const publicKeyBytes = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32)
  if (parsed.data.publicKey !== undefined && parsed.data.publicKey !== publicKeyBytes.toString('base64')) {
    throw invalidField('checkpoints.key.publicKey', 'is not the public key of this private key')
  }
  return {
    publicKey: { keyId: parsed.data.keyId, publicKey: publicKeyBytes.toString('base64') },
    publicKeyBytes,
    sign: (message) => sign(null, message, privateKey),
  }
}

/**
 * Makes a new checkpoint signing key. Keep `privateKey` where the database's writers cannot
 * read it (a secret manager, an environment variable of the service); publish `publicKey`.
 *
 * @example
 * const { keyId, privateKey, publicKey } = generateCheckpointKey('onmion-2026-11')
 * // ONMION_PRIVACY_CHECKPOINT_KEY='{"keyId":"onmion-2026-11","privateKey":"<privateKey>"}'
 */
export function generateCheckpointKey(keyId: string): CheckpointKey & { publicKey: string } {
  // Validated before generating, so a bad id is named as the argument it is.
  const id = CheckpointKey.shape.keyId.safeParse(keyId)
  if (!id.success) throw invalidInput(id.error, 'keyId')
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    keyId: id.data,
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64'),
  }
}
