import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PrivacyKeys } from '@onmion/privacy-server'
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
  const keys = generateVaultKeys()
  await mkdir(config.dataDir, { recursive: true })
  // `wx`: if another process created it meanwhile, fail rather than overwrite its keys.
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
  return { keys, generated: file }
}

/**
 * A new identifier key set: one AES-256 key (`current`) and the HMAC key of the lookup hashes,
 * 32 random bytes each, base64. Given an existing set, rotates it instead: a new key becomes
 * `current`, the old ones stay (to decrypt what they sealed until `ledger.reencrypt()`), and the
 * HMAC key is kept, since lookups by hash must keep finding the same subjects.
 *
 * @example
 * generateVaultKeys() // { current: 'k20261129', keys: { k20261129: '…' }, hmacKey: '…' }
 * generateVaultKeys(existing) // existing.keys plus a new current key
 */
export function generateVaultKeys(existing?: PrivacyKeys, now: Date = new Date()): PrivacyKeys {
  const base = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}`
  let id = base
  for (let n = 2; existing?.keys[id] !== undefined; n++) id = `${base}_${n}`
  const key = randomBytes(32).toString('base64')
  if (existing === undefined) return { current: id, keys: { [id]: key }, hmacKey: randomBytes(32).toString('base64') }
  return { current: id, keys: { ...existing.keys, [id]: key }, hmacKey: existing.hmacKey }
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
