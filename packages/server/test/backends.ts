import { randomBytes, randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe } from 'vitest'
import type { PrivacyKeys } from '../src/crypto/keys.js'

/**
 * Which backend a suite runs on.
 *
 * @example
 * describeBackends('ledger', (openBackend, backend) => { it.runIf(backend === 'postgres')('...', ...) })
 */
export type BackendName = 'pglite' | 'postgres'

/**
 * A fresh, empty database for one test: pass `database` to `createPrivacy`.
 *
 * @example
 * const { name, database } = await openBackend()
 */
export interface TestBackend {
  readonly name: BackendName
  /** `memory://` on PGlite; a `postgres://` URL of a uniquely named, new database on PostgreSQL. */
  readonly database: string
}

/**
 * Opens a fresh, empty database on the suite's backend (dropped after the suite on PostgreSQL).
 *
 * @example
 * const privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database })
 */
export type OpenBackend = () => Promise<TestBackend>

// Read once here: tests are exempt from the config.ts rule, and this is the one test entry.
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL

/**
 * True when PostgreSQL tests run (TEST_DATABASE_URL is set).
 *
 * @example
 * describe.skipIf(!hasPostgres)('two instances', () => { ... })
 */
export const hasPostgres: boolean = TEST_DATABASE_URL !== undefined && TEST_DATABASE_URL !== ''

/**
 * Runs `suite` once on PGlite (in memory) and once on PostgreSQL when TEST_DATABASE_URL is set.
 * Each `openBackend()` call gives a fresh database: a new in-memory PGlite, or a new uniquely
 * named PostgreSQL database created from TEST_DATABASE_URL and dropped after the suite.
 *
 * @example
 * describeBackends('ledger', (openBackend) => {
 *   it('records', async () => {
 *     const { database } = await openBackend()
 *     const privacy = await createPrivacy({ policy: onmionPolicy, database })
 *     ...
 *     await privacy.close()
 *   })
 * })
 */
export function describeBackends(name: string, suite: (openBackend: OpenBackend, backend: BackendName) => void): void {
  describe(`${name} [pglite]`, () => {
    suite(() => Promise.resolve({ name: 'pglite', database: 'memory://' }), 'pglite')
  })
  describe.skipIf(!hasPostgres)(`${name} [postgres]`, () => {
    const created: string[] = []
    afterAll(async () => {
      if (created.length > 0) await withAdmin(async (admin) => {
        for (const db of created) await admin.query(`drop database if exists "${db}" with (force)`)
      })
    })
    suite(async () => {
      const database = await createTestDatabase()
      created.push(database.split('/').pop()!)
      return { name: 'postgres', database }
    }, 'postgres')
  })
}

/**
 * Creates a uniquely named PostgreSQL database from TEST_DATABASE_URL and returns its URL. The
 * caller drops it ({@link dropTestDatabase}); `describeBackends` does that for its suites.
 *
 * @example
 * const url = await createTestDatabase()
 */
export async function createTestDatabase(): Promise<string> {
  if (!hasPostgres) throw new Error('TEST_DATABASE_URL is not set')
  const name = `privacy_test_${randomUUID().replaceAll('-', '').slice(0, 20)}`
  await withAdmin((admin) => admin.query(`create database "${name}"`))
  const url = new URL(TEST_DATABASE_URL!)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Drops a database made by {@link createTestDatabase}.
 *
 * @example
 * await dropTestDatabase(url)
 */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1)
  await withAdmin((admin) => admin.query(`drop database if exists "${name}" with (force)`))
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  try {
    return await work(admin)
  } finally {
    await admin.end()
  }
}

/**
 * Fresh identifier keys for a test: two encryption keys (`k1` current, `k0` older) and an HMAC key.
 *
 * @example
 * const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys() })
 */
export function testKeys(current: 'k0' | 'k1' = 'k1', base?: PrivacyKeys): PrivacyKeys {
  const key = (): string => randomBytes(32).toString('base64')
  return { current, keys: base?.keys ?? { k0: key(), k1: key() }, hmacKey: base?.hmacKey ?? key() }
}
