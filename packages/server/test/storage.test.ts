import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createPrivacy, migrate, openDatabase, type Migration } from '../src/index.js'
import { describeBackends, hasPostgres } from './backends.js'

const appMigration: Migration = {
  id: '1000_app_notes',
  async up(db) {
    await db.schema.createTable('app_notes').addColumn('id', 'text', (c) => c.primaryKey()).execute()
  },
}

describe('openDatabase', () => {
  it('opens PGlite on disk from file: and plain paths, creating the directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'privacy-db-'))
    for (const url of [`file:${join(root, 'a', 'b')}`, join(root, 'plain')]) {
      const database = await openDatabase(url)
      expect(database.backend).toBe('pglite')
      await sql`create table t (x int)`.execute(database.db)
      await sql`insert into t values (1)`.execute(database.db)
      await database.close()
      const again = await openDatabase(url)
      expect((await sql<{ x: number }>`select x from t`.execute(again.db)).rows).toEqual([{ x: 1 }])
      await again.close()
    }
    expect((await readdir(join(root, 'a', 'b'))).length).toBeGreaterThan(0)
  })

  it('opens PGlite in memory by default', async () => {
    const database = await openDatabase()
    expect([database.backend, database.location]).toEqual(['pglite', 'memory://'])
    await database.close()
  })

  it('refuses bad options with a typed error naming the field', async () => {
    await expect(createPrivacy({ policy: onmionPolicy, database: 'memory://', poolSize: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'poolSize' })
    const broken = { ...onmionPolicy, sellsPersonalInformation: true } as unknown as typeof onmionPolicy
    await expect(createPrivacy({ policy: broken, database: 'memory://' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'policy.sellsPersonalInformation' })
  })

  it('refuses an unsupported URL scheme with a configuration error naming the field', async () => {
    await expect(openDatabase('mysql://localhost/db')).rejects.toMatchObject({ code: 'CONFIGURATION', field: 'database' })
  })

  it('reports an unreachable PostgreSQL as a storage error without the password', async () => {
    const error = await openDatabase('postgres://app:secret@127.0.0.1:1/none').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'STORAGE', field: 'database' })
    expect((error as Error).message).not.toContain('secret')
  })
})

describeBackends('migrations', (openBackend, backend) => {
  it('applies core and app migrations once, in id order', async () => {
    const { database } = await openBackend()
    const first = await createPrivacy({ policy: onmionPolicy, database, migrations: [appMigration] })
    const ids = async (): Promise<string[]> => (await sql<{ id: string }>`select id from privacy_migrations order by id`.execute(first.db)).rows.map((r) => r.id)
    expect(await ids()).toContain('0100_ledger')
    expect(await ids()).toContain('1000_app_notes')
    expect(await migrate(first.db, [appMigration])).toEqual([])
    await first.close()
  })

  it('rolls back a failing run entirely and names the migration', async () => {
    const { database } = await openBackend()
    const opened = await openDatabase(database)
    try {
      const broken: Migration = {
        id: '1001_broken',
        async up(db) {
          await sql`select * from no_such_table`.execute(db)
        },
      }
      await expect(migrate(opened.db, [appMigration, broken])).rejects.toMatchObject({ code: 'STORAGE', message: expect.stringContaining('1001_broken') })
      const tables = await sql<{ n: string | number }>`select count(*) as n from information_schema.tables where table_name in ('app_notes', 'privacy_migrations')`.execute(opened.db)
      expect(Number(tables.rows[0]!.n)).toBe(0)
      await expect(migrate(opened.db, [appMigration, appMigration])).rejects.toMatchObject({ code: 'CONFIGURATION', field: 'migrations' })
    } finally {
      await opened.close()
    }
  })

  it.runIf(backend === 'postgres' && hasPostgres)('is safe when several instances start at once', async () => {
    const { database } = await openBackend()
    const instances = await Promise.all(Array.from({ length: 4 }, () => createPrivacy({ policy: onmionPolicy, database, migrations: [appMigration] })))
    try {
      const rows = (await sql<{ id: string }>`select id from privacy_migrations order by id`.execute(instances[0]!.db)).rows
      expect(rows.map((r) => r.id)).toEqual([...new Set(rows.map((r) => r.id))])
      expect(rows.map((r) => r.id)).toContain('1000_app_notes')
      await Promise.all(instances.map((p, i) => p.record({ subject: `u_${i}`, type: 'restriction.set', method: 'api' })))
      expect(await instances[3]!.ledger.verify()).toMatchObject({ ok: true, subjects: 4 })
    } finally {
      await Promise.all(instances.map((p) => p.close()))
    }
  })
})
