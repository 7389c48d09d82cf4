import type { PrivacyKeys } from './crypto/keys.js'
import { PrivacyError, PrivacyErrorCode } from './errors.js'

/**
 * Where the database is when neither `createPrivacy({ database })` nor DATABASE_URL says.
 *
 * @example
 * await createPrivacy({ policy }) // without DATABASE_URL: PGlite at ./data/privacy
 */
export const DEFAULT_DATABASE = './data/privacy'

/**
 * The database to open: the option, else `DATABASE_URL`, else PGlite at `./data/privacy`.
 *
 * @example
 * resolveDatabase(undefined) // process.env.DATABASE_URL ?? './data/privacy'
 */
export function resolveDatabase(option: string | undefined): string {
  if (option !== undefined) return option
  const fromEnv = process.env.DATABASE_URL
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_DATABASE
}

/**
 * The identifier keys: the option, else `PRIVACY_KEYS` (JSON of the same shape), else none.
 *
 * @throws {@link PrivacyError} CONFIGURATION when PRIVACY_KEYS is not JSON.
 * @example
 * // PRIVACY_KEYS='{"current":"k1","keys":{"k1":"<base64>"},"hmacKey":"<base64>"}'
 * resolveKeys(undefined)
 */
export function resolveKeys(option: PrivacyKeys | undefined): PrivacyKeys | undefined {
  if (option !== undefined) return option
  const fromEnv = process.env.PRIVACY_KEYS
  if (fromEnv === undefined || fromEnv === '') return undefined
  try {
    return JSON.parse(fromEnv) as PrivacyKeys
  } catch (error) {
    throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'PRIVACY_KEYS is not valid JSON', { field: 'keys', cause: error })
  }
}

/**
 * The checkpoint signing key: the option, else `PRIVACY_CHECKPOINT_KEY` (JSON
 * `{"keyId":"...","privateKey":"<base64 seed>"}`), else none. Validated where it is loaded.
 *
 * @throws {@link PrivacyError} CONFIGURATION when PRIVACY_CHECKPOINT_KEY is not JSON.
 * @example
 * resolveCheckpointKey(undefined) // from PRIVACY_CHECKPOINT_KEY
 */
export function resolveCheckpointKey(option: unknown): unknown {
  if (option !== undefined) return option
  const fromEnv = process.env.PRIVACY_CHECKPOINT_KEY
  if (fromEnv === undefined || fromEnv === '') return undefined
  try {
    return JSON.parse(fromEnv) as unknown
  } catch (error) {
    throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'PRIVACY_CHECKPOINT_KEY is not valid JSON', { field: 'checkpoints.key', cause: error })
  }
}
