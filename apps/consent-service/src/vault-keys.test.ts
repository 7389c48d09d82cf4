import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'
import { KEY_FILE, resolveVaultKeys } from './vault-keys.js'

describe('resolveVaultKeys', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onmion-keys-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('generates keys for an embedded database on first start (mode 0600) and reuses them', async () => {
    const config = loadConfig({ DATA_DIR: dir })
    const first = await resolveVaultKeys(config)
    expect(first.generated).toBe(join(dir, KEY_FILE))
    expect((await stat(join(dir, KEY_FILE))).mode & 0o777).toBe(0o600)
    const second = await resolveVaultKeys(config)
    expect(second).toEqual({ keys: first.keys, generated: null })
  })

  it('takes ONMION_PRIVACY_KEYS, and requires it with PostgreSQL', async () => {
    const keys = JSON.parse(await readFile(join(dir, KEY_FILE), 'utf8').catch(() => 'null')) as unknown
    expect(keys).toBeNull()
    const given = { current: 'a', keys: { a: Buffer.alloc(32, 1).toString('base64') }, hmacKey: Buffer.alloc(32, 2).toString('base64') }
    const config = loadConfig({ DATA_DIR: dir, ONMION_PRIVACY_KEYS: JSON.stringify(given) })
    expect((await resolveVaultKeys(config)).keys).toEqual(given)
    await expect(resolveVaultKeys(loadConfig({ DATABASE_URL: 'postgres://x@y/z' }))).rejects.toThrow(/ONMION_PRIVACY_KEYS is required/)
    await expect(resolveVaultKeys(loadConfig({ ONMION_PRIVACY_KEYS: '{"current":"b","keys":{},"hmacKey":"x"}' }))).rejects.toThrow(/ONMION_PRIVACY_KEYS: /)
    await writeFile(join(dir, KEY_FILE), 'not json')
    await expect(resolveVaultKeys(loadConfig({ DATA_DIR: dir }))).rejects.toThrow(/not valid JSON/)
  })
})
