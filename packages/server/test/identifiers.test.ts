import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createVault } from '../src/crypto/vault.js'
import { createPrivacy, type PrivacyKeys } from '../src/index.js'
import { describeBackends, testKeys } from './backends.js'

const PHONE = '+15557654321'

describe('identifier vault', () => {
  const keys = testKeys()

  it('seals with AES-256-GCM under the current key and opens again', () => {
    const vault = createVault(keys)
    const a = vault.seal('phone', PHONE)
    const b = vault.seal('phone', PHONE)
    expect(a.keyId).toBe('k1')
    expect(a.ciphertext).not.toContain(PHONE.slice(1))
    expect(a.ciphertext).not.toBe(b.ciphertext) // a fresh IV each time
    expect(a.lookup).toBe(b.lookup)
    expect(a.lookup).toMatch(/^[0-9a-f]{64}$/)
    expect(vault.open(a)).toBe(PHONE)
  })

  it('refuses a tampered ciphertext, a swapped kind and an unknown key id', () => {
    const vault = createVault(keys)
    const sealed = vault.seal('email', 'Ann@Example.com')
    expect(vault.open(sealed)).toBe('ann@example.com')
    const raw = Buffer.from(sealed.ciphertext, 'base64')
    raw[raw.length - 1]! ^= 1
    expect(() => vault.open({ ...sealed, ciphertext: raw.toString('base64') })).toThrow(expect.objectContaining({ code: 'INTEGRITY' }))
    expect(() => vault.open({ ...sealed, kind: 'phone' })).toThrow(expect.objectContaining({ code: 'INTEGRITY' }))
    expect(() => vault.open({ ...sealed, keyId: 'k9' })).toThrow(expect.objectContaining({ code: 'INTEGRITY' }))
  })

  it('derives stable identifier-keyed subjects from the HMAC key only', () => {
    const vault = createVault(keys)
    const rotated = createVault(testKeys('k0', keys))
    const other = createVault(testKeys())
    expect(vault.subjectFor('phone', PHONE)).toMatch(/^ph_[0-9a-f]{32}$/)
    expect(rotated.subjectFor('phone', PHONE)).toBe(vault.subjectFor('phone', PHONE))
    expect(other.subjectFor('phone', PHONE)).not.toBe(vault.subjectFor('phone', PHONE))
    expect(vault.subjectFor('email', ' ANN@example.com ')).toBe(vault.subjectFor('email', 'ann@example.com'))
  })

  it('validates keys, naming the field', () => {
    const short = randomBytes(16).toString('base64')
    expect(() => createVault({ ...keys, hmacKey: short })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'keys.hmacKey' }))
    expect(() => createVault({ ...keys, current: 'k7' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'keys.current' }))
    expect(() => createVault({ ...keys, keys: { k1: 'not base64!' } })).toThrow(expect.objectContaining({ field: 'keys.keys.k1' }))
  })

  it('without keys, refuses to seal with a configuration error', () => {
    const vault = createVault(undefined)
    expect(vault.configured).toBe(false)
    expect(() => vault.seal('phone', PHONE)).toThrow(expect.objectContaining({ code: 'CONFIGURATION', field: 'keys' }))
  })
})

describeBackends('identifiers in the ledger', (openBackend) => {
  it('never stores a phone number in clear, and finds events by keyed hash', async () => {
    const { database } = await openBackend()
    const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys() })
    try {
      await privacy.record({ subject: 'u_1', type: 'sms.opted_in', phone: PHONE, method: 'signed_form', evidence: { formId: 'F-1' } })
      await privacy.record({ subject: 'u_1', type: 'sms.opted_out', phone: PHONE, method: 'keyword' })
      const dump = JSON.stringify((await sql`select * from privacy_events`.execute(privacy.db)).rows)
      expect(dump).not.toContain(PHONE)
      expect(dump).not.toContain(PHONE.slice(1))
      const found = await privacy.context.ledger.findByIdentifier('phone', PHONE)
      expect(found.map((e) => e.type)).toEqual(['sms.opted_in', 'sms.opted_out'])
      expect(found.every((e) => e.redactedAt === null && 'phone' in e && e.phone === PHONE)).toBe(true)
      expect(await privacy.context.ledger.findByIdentifier('phone', '+15550000000')).toEqual([])
    } finally {
      await privacy.close()
    }
  })

  it('rotates keys: new writes use the new key, old rows stay readable, reencrypt moves them', async () => {
    const { database } = await openBackend()
    // The second instance must see the first one's rows: on PGlite that takes a directory.
    const target = database === 'memory://' ? `file:${await mkdtemp(join(tmpdir(), 'privacy-keys-'))}` : database
    const oldKeys = testKeys('k0')
    const first = await createPrivacy({ policy: onmionPolicy, database: target, keys: oldKeys })
    await first.record({ subject: 'u_1', type: 'sms.opted_in', phone: PHONE, method: 'text_first' })
    await first.record({ subject: 'u_2', type: 'sms.opted_in', phone: '+15550002222', method: 'keyword' })
    const keyIds = async (p: typeof first): Promise<string[]> =>
      (await sql<{ k: string }>`select identifier_key_id as k from privacy_events order by recorded_at, subject`.execute(p.db)).rows.map((r) => r.k)
    expect(await keyIds(first)).toEqual(['k0', 'k0'])
    await first.close()

    const rotated = testKeys('k1', oldKeys)
    const second = await createPrivacy({ policy: onmionPolicy, database: target, keys: rotated })
    try {
      await second.record({ subject: 'u_1', type: 'sms.opted_out', phone: PHONE, method: 'keyword' })
      expect(await keyIds(second)).toEqual(['k0', 'k0', 'k1'])
      const history = await second.history('u_1')
      expect(history.map((e) => (e.redactedAt === null && 'phone' in e ? e.phone : null))).toEqual([PHONE, PHONE])
      expect((await second.context.ledger.findByIdentifier('phone', PHONE)).length).toBe(2)

      expect(await second.ledger.reencrypt({ batchSize: 1 })).toEqual({ reencrypted: 2, keyId: 'k1' })
      expect(await keyIds(second)).toEqual(['k1', 'k1', 'k1'])
      expect(await second.ledger.reencrypt()).toEqual({ reencrypted: 0, keyId: 'k1' })
      await expect(second.ledger.reencrypt({ batchSize: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'batchSize' })
      expect((await second.ledger.verify()).ok).toBe(true)

      // After re-encryption the old key can be retired: everything opens with the new one alone.
      const onlyNew: PrivacyKeys = { current: 'k1', keys: { k1: rotated.keys.k1! }, hmacKey: rotated.hmacKey }
      const history2 = await second.history('u_2')
      expect(history2[0]!.redactedAt === null && 'phone' in history2[0]! ? history2[0].phone : null).toBe('+15550002222')
      const vault = createVault(onlyNew)
      const row = (await sql<{ c: string }>`select identifier_ciphertext as c from privacy_events where subject = 'u_2'`.execute(second.db)).rows[0]!
      expect(vault.open({ kind: 'phone', keyId: 'k1', ciphertext: row.c })).toBe('+15550002222')
    } finally {
      await second.close()
    }
  })
})
