import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import type { SubjectId } from '@onmion/privacy-schema'
import { PrivacyError, PrivacyErrorCode, invalidInput } from '../errors.js'
import { PrivacyKeys } from './keys.js'

/**
 * The kinds of personal identifiers the vault seals.
 *
 * @example
 * vault.subjectFor('email' satisfies IdentifierKind, 'ann@example.com')
 */
export type IdentifierKind = 'phone' | 'email'

/**
 * A sealed identifier: what is stored instead of the clear value.
 *
 * @example
 * const { keyId, ciphertext, lookup } = vault.seal('phone', '+15551234567')
 */
export interface SealedIdentifier {
  readonly kind: IdentifierKind
  /** The encryption key's id. */
  readonly keyId: string
  /** base64 of IV (12 bytes) || GCM tag (16 bytes) || AES-256-GCM ciphertext. */
  readonly ciphertext: string
  /** HMAC-SHA-256 (hex) of the normalized identifier: equal identifiers have equal lookups. */
  readonly lookup: string
}

/**
 * Seals personal identifiers (phone numbers, emails): AES-256-GCM under the current key, plus a
 * keyed hash to find them again without decrypting.
 *
 * @example
 * const sealed = vault.seal('phone', '+15551234567')
 * vault.open(sealed) // '+15551234567'
 * vault.lookup('phone', '+15551234567') === sealed.lookup // true
 */
export interface IdentifierVault {
  /** Whether keys are configured (without them, seal/open/lookup throw CONFIGURATION). */
  readonly configured: boolean
  /** The key id new seals use. */
  readonly currentKeyId: string | undefined
  seal(kind: IdentifierKind, value: string): SealedIdentifier
  open(sealed: Pick<SealedIdentifier, 'kind' | 'keyId' | 'ciphertext'>): string
  lookup(kind: IdentifierKind, value: string): string
  /** A deterministic subject id for an identifier-keyed subject: `ph_` / `em_` + 32 hex. */
  subjectFor(kind: IdentifierKind, value: string): SubjectId
}

const PREFIX: Record<IdentifierKind, string> = { phone: 'ph_', email: 'em_' }

function normalize(kind: IdentifierKind, value: string): string {
  return kind === 'email' ? value.trim().toLowerCase() : value.trim()
}

/**
 * Creates the vault from keys (validated: 32-byte keys, `current` among them). Without keys the
 * vault exists but refuses to seal, so a deployment that records no identifiers needs none.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming the bad key field.
 * @example
 * const vault = createVault({ current: 'k1', keys: { k1: randomBytes(32).toString('base64') }, hmacKey: randomBytes(32).toString('base64') })
 */
export function createVault(input: PrivacyKeys | undefined): IdentifierVault {
  if (input === undefined) return unconfiguredVault
  const parsed = PrivacyKeys.safeParse(input)
  if (!parsed.success) throw invalidInput(parsed.error, 'keys')
  const keys = new Map(Object.entries(parsed.data.keys).map(([id, key]) => [id, Buffer.from(key, 'base64')]))
  const hmacKey = Buffer.from(parsed.data.hmacKey, 'base64')
  const current = parsed.data.current

  const lookup = (kind: IdentifierKind, value: string): string =>
    createHmac('sha256', hmacKey).update(`${kind}:${normalize(kind, value)}`).digest('hex')

  return {
    configured: true,
    currentKeyId: current,
    lookup,
    subjectFor: (kind, value) => `${PREFIX[kind]}${lookup(kind, value).slice(0, 32)}` as SubjectId,
    seal(kind, value) {
      const key = keys.get(current)
      if (!key) throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, `keys: current key "${current}" missing`)
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(kind))
      const body = Buffer.concat([cipher.update(normalize(kind, value), 'utf8'), cipher.final()])
      return { kind, keyId: current, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), lookup: lookup(kind, value) }
    },
    open(sealed) {
      const key = keys.get(sealed.keyId)
      if (!key) throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `identifier sealed under unknown key id "${sealed.keyId}"`)
      const raw = Buffer.from(sealed.ciphertext, 'base64')
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
        decipher.setAAD(Buffer.from(sealed.kind))
        decipher.setAuthTag(raw.subarray(12, 28))
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
      } catch (error) {
        throw new PrivacyError(PrivacyErrorCode.INTEGRITY, `identifier under key "${sealed.keyId}" failed authentication`, { cause: error })
      }
    },
  }
}

function missingKeys(): never {
  throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'keys: no identifier keys configured (pass createPrivacy({ keys }) or set ONMION_PRIVACY_KEYS; `generatePrivacyKeys()` makes a set)', {
    field: 'keys',
  })
}

const unconfiguredVault: IdentifierVault = {
  configured: false,
  currentKeyId: undefined,
  seal: missingKeys,
  open: missingKeys,
  lookup: missingKeys,
  subjectFor: missingKeys,
}
