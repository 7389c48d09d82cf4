import { migrate, openDatabase, type Database } from '@onmion/privacy-server'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiKeyError, ApiKeyStore, apiKeyMigrations, type ServiceTables } from './api-key-store.js'

describe('ApiKeyStore on PGlite', () => {
  let database: Database
  let store: ApiKeyStore

  beforeAll(async () => {
    database = await openDatabase('memory://')
    await migrate(database.db, apiKeyMigrations)
    store = new ApiKeyStore(database.db as unknown as Kysely<ServiceTables>)
  })
  afterAll(() => database.close())

  it('bootstraps one admin key, and only while there is no key', async () => {
    const admin = await store.bootstrap()
    expect(admin).toMatchObject({ kind: 'secret', scopes: ['admin'] })
    expect(await store.bootstrap()).toBeNull()
    expect(await store.authenticate(admin!.key)).toMatchObject({ keyId: admin!.id, scopes: ['admin'] })
  })

  it('stores only a hash and authenticates the exact key only', async () => {
    const created = await store.create({ name: 'billing', scopes: ['decisions', 'decisions', 'consent:read'] })
    expect(created.scopes).toEqual(['decisions', 'consent:read'])
    const rows = await database.db.selectFrom('service_api_keys' as never).selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(created.key.split('.')[1])
    const [prefix, secret] = created.key.split('.') as [string, string]
    const flipped = `${prefix}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`
    expect(await store.authenticate(flipped)).toBeNull()
    expect(await store.authenticate(created.key.replace('onm_sk_', 'onm_pk_'))).toBeNull()
    expect(await store.authenticate('not-a-key')).toBeNull()
    expect(await store.authenticate(created.key)).toMatchObject({ name: 'billing', kind: 'secret' })
  })

  it('refuses bad input naming the field, and revokes', async () => {
    await expect(store.create({ name: ' ', scopes: ['admin'] })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'name' })
    await expect(store.create({ name: 'x', scopes: ['root'] })).rejects.toMatchObject({ field: 'scope' })
    await expect(store.create({ name: 'x', kind: 'publishable', scopes: ['admin'] })).rejects.toBeInstanceOf(ApiKeyError)
    const web = await store.create({ name: 'banner', kind: 'publishable' })
    expect(web.key).toMatch(/^onm_pk_/)
    expect(await store.authenticate(web.key)).toMatchObject({ kind: 'publishable', scopes: [] })
    const revoked = await store.revoke(web.id)
    expect(revoked.revokedAt).toBeInstanceOf(Date)
    expect(await store.authenticate(web.key)).toBeNull()
    await expect(store.revoke('ffffffffffffffff')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await store.list()).find((k) => k.id === web.id)?.revokedAt).not.toBeNull()
  })
})
