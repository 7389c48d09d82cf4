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
 * The environment variable that holds the identifier keys, for the SDK and the consent service
 * alike (JSON of {@link PrivacyKeys}).
 *
 * @example
 * // ONMION_PRIVACY_KEYS='{"current":"k1","keys":{"k1":"<base64>"},"hmacKey":"<base64>"}'
 */
export const KEYS_ENV = 'ONMION_PRIVACY_KEYS'

/** The name the SDK read before it took the service's; still read, with a deprecation warning. */
const DEPRECATED_KEYS_ENV = 'PRIVACY_KEYS'

/**
 * The identifier keys: the option, else `ONMION_PRIVACY_KEYS` (JSON of the same shape), else the
 * deprecated `PRIVACY_KEYS` (with a `DeprecationWarning`), else none.
 *
 * @throws {@link PrivacyError} CONFIGURATION when the variable is not JSON.
 * @example
 * // ONMION_PRIVACY_KEYS='{"current":"k1","keys":{"k1":"<base64>"},"hmacKey":"<base64>"}'
 * resolveKeys(undefined)
 */
export function resolveKeys(option: PrivacyKeys | undefined): PrivacyKeys | undefined {
  if (option !== undefined) return option
  let name = KEYS_ENV
  let fromEnv = process.env[KEYS_ENV]
  if ((fromEnv === undefined || fromEnv === '') && process.env[DEPRECATED_KEYS_ENV] !== undefined && process.env[DEPRECATED_KEYS_ENV] !== '') {
    name = DEPRECATED_KEYS_ENV
    fromEnv = process.env[DEPRECATED_KEYS_ENV]
    process.emitWarning(`${DEPRECATED_KEYS_ENV} is deprecated: rename it ${KEYS_ENV} (the name the consent service reads too)`, { type: 'DeprecationWarning', code: 'ONMION_PRIVACY_KEYS_ENV' })
  }
  if (fromEnv === undefined || fromEnv === '') return undefined
  try {
    return JSON.parse(fromEnv) as PrivacyKeys
  } catch (error) {
    throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, `${name} is not valid JSON`, { field: 'keys', cause: error })
  }
}

/**
 * The checkpoint signing key: the option, else `ONMION_PRIVACY_CHECKPOINT_KEY` (JSON
 * `{"keyId":"...","privateKey":"<base64 seed>"}`), else none. Validated where it is loaded.
 *
 * @throws {@link PrivacyError} CONFIGURATION when ONMION_PRIVACY_CHECKPOINT_KEY is not JSON.
 * @example
 * resolveCheckpointKey(undefined) // from ONMION_PRIVACY_CHECKPOINT_KEY
 */
export function resolveCheckpointKey(option: unknown): unknown {
  if (option !== undefined) return option
  const fromEnv = process.env.ONMION_PRIVACY_CHECKPOINT_KEY
  if (fromEnv === undefined || fromEnv === '') return undefined
  try {
    return JSON.parse(fromEnv) as unknown
  } catch (error) {
    throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'ONMION_PRIVACY_CHECKPOINT_KEY is not valid JSON', { field: 'checkpoints.key', cause: error })
  }
}
