import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generatePrivacyKeys, PrivacyKeys } from '@onmion/privacy-server'
import { ConfigError, type ServiceConfig } from './config.js'

/**
 * Where first-start keys of an embedded database are kept, inside DATA_DIR.
 *
 * @example
 * join(config.dataDir, KEY_FILE) // ./data/privacy-keys.json
 */
export const KEY_FILE = 'privacy-keys.json'

/**
 * The identifier-vault keys: from ONMION_PRIVACY_KEYS when set (required with PostgreSQL, where
 * every instance must share them); otherwise, for the embedded database, from a key file next to
 * it, generated on first start with mode 0600.
 *
 * @throws {@link ConfigError} when ONMION_PRIVACY_KEYS is invalid, or missing with PostgreSQL.
 * @example
 * const keys = await resolveVaultKeys(config) // { current, keys, hmacKey }
 */
export async function resolveVaultKeys(config: ServiceConfig): Promise<{ keys: PrivacyKeys; generated: string | null }> {
  if (config.privacyKeys !== undefined) return { keys: parseKeys(config.privacyKeys, 'ONMION_PRIVACY_KEYS'), generated: null }
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError('ONMION_PRIVACY_KEYS is required with PostgreSQL: every instance must use the same keys (JSON: {"current":"k1","keys":{"k1":"<32 bytes base64>"},"hmacKey":"<32 bytes base64>"})')
  }
  const file = join(config.dataDir, KEY_FILE)
  const existing = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  })
  if (existing !== undefined) return { keys: parseKeys(existing, file), generated: null }
  const keys = generatePrivacyKeys()
  await mkdir(config.dataDir, { recursive: true })
  // `wx`: if another process created it meanwhile, fail rather than overwrite its keys.
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
  return { keys, generated: file }
}

/**
 * Parses a key set (JSON of {@link PrivacyKeys}) from `source` (a variable or file name, for the message).
 *
 * @throws {@link ConfigError} naming the source and each problem.
 * @example
 * parseKeys(process.env.ONMION_PRIVACY_KEYS ?? '', 'ONMION_PRIVACY_KEYS')
 */
export function parseKeys(text: string, source: string): PrivacyKeys {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ConfigError(`${source}: not valid JSON`)
  }
  const result = PrivacyKeys.safeParse(value)
  if (!result.success) {
    throw new ConfigError(`${source}: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  }
  return result.data
}
