import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { sql, type ColumnType, type Kysely } from 'kysely'
import type { Authenticator, Principal } from './principal.js'
import { Scope, type KeyKind } from './scopes.js'

/** The `service_api_keys` table: one row per key; the secret itself is never stored. */
export interface ApiKeyRow {
  id: string
  name: string
  kind: KeyKind
  /** Space-separated scopes (plain text: portable across both backends' JSON handling). */
  scopes: string
  /** SHA-256 (hex) of the key's secret part. */
  secret_hash: string
  created_at: ColumnType<Date, never, never>
  revoked_at: ColumnType<Date | null, never, Date | null>
}

/** The tables this app adds to the SDK's database. */
export interface ServiceTables {
  service_api_keys: ApiKeyRow
}

/** A key as listed: everything but its hash. */
export interface ApiKeyInfo {
  readonly id: string
  readonly name: string
  readonly kind: KeyKind
  readonly scopes: readonly Scope[]
  readonly createdAt: Date
  readonly revokedAt: Date | null
}

/** A key just created: its info and the full key, which is shown this once and never again. */
export interface CreatedApiKey extends ApiKeyInfo {
  readonly key: string
}

/**
 * Codes of {@link ApiKeyError}.
 *
 * @example
 * if (error instanceof ApiKeyError && error.code === ApiKeyErrorCode.NOT_FOUND) answer404()
 */
export const ApiKeyErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
} as const
export type ApiKeyErrorCode = (typeof ApiKeyErrorCode)[keyof typeof ApiKeyErrorCode]

/**
 * A key operation was refused: a bad name or scope, or an unknown id.
 *
 * @example
 * await store.revoke('0123456789abcdef').catch((e) => e instanceof ApiKeyError && e.field) // 'id'
 */
export class ApiKeyError extends Error {
  override readonly name = 'ApiKeyError'
  readonly code: ApiKeyErrorCode
  readonly field: string | undefined

  constructor(code: ApiKeyErrorCode, message: string, field?: string) {
    super(message)
    this.code = code
    this.field = field
  }
}

// `onm_sk_<id>.<secret>` (secret key) or `onm_pk_<id>.<secret>` (publishable): the id finds the
// row without touching the secret, the secret's hash is then compared in constant time.
const KEY_FORMAT = /^onm_(sk|pk)_([a-f0-9]{16})\.([A-Za-z0-9_-]{43})$/
const PREFIX: Record<KeyKind, string> = { secret: 'sk', publishable: 'pk' }
/** How long an authenticated key is trusted from memory: a revocation elsewhere lands within this. */
const CACHE_MS = 5_000
/** Arbitrary constant for the lock that makes first-start bootstrap happen once across instances. */
const BOOTSTRAP_LOCK = 7_311_920_999

const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/**
 * The app's migration: the API key table. Passed to the SDK's `migrations` option (ids `1000_`).
 *
 * @example
 * createPrivacy({ policy, migrations: apiKeyMigrations })
 */
export const apiKeyMigrations = [
  {
    id: '1000_service_api_keys',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was, untyped
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('service_api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('secret', 'publishable')`))
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('revoked_at', 'timestamptz')
        .execute()
    },
  },
] as const

const parseScopes = (text: string): Scope[] => text.split(' ').filter((s): s is Scope => Scope.safeParse(s).success)

const toInfo = (row: { id: string; name: string; kind: KeyKind; scopes: string; created_at: Date; revoked_at: Date | null }): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  scopes: parseScopes(row.scopes),
  createdAt: new Date(row.created_at),
  revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
})

/**
 * API keys stored as SHA-256 hashes of high-entropy secrets: create (the key is returned once),
 * list, revoke, and authenticate a presented key.
 *
 * @example
 * const store = new ApiKeyStore(privacy.db)
 * const { key } = await store.create({ name: 'billing', scopes: ['decisions'] })
 * await store.authenticate(key) // { keyId, name: 'billing', kind: 'secret', scopes: ['decisions'] }
 */
export class ApiKeyStore implements Authenticator {
  readonly #db: Kysely<ServiceTables>
  readonly #cache = new Map<string, { principal: Principal | null; until: number }>()

  constructor(db: Kysely<ServiceTables>) {
    this.#db = db
  }

  /** Creates a key. Publishable keys carry no scopes (what they may do is fixed). */
  async create(input: { name: string; kind?: KeyKind; scopes?: readonly string[] }): Promise<CreatedApiKey> {
    return this.#insert(this.#db, input)
  }

  async #insert(db: Kysely<ServiceTables>, input: { name: string; kind?: KeyKind; scopes?: readonly string[] }): Promise<CreatedApiKey> {
    const kind = input.kind ?? 'secret'
    const name = input.name.trim()
    if (name === '' || name.length > 100) throw new ApiKeyError('INVALID_INPUT', 'name: must be 1-100 characters', 'name')
    const scopes: Scope[] = []
    for (const scope of input.scopes ?? []) {
      const parsed = Scope.safeParse(scope)
      if (!parsed.success) throw new ApiKeyError('INVALID_INPUT', `scope: unknown scope "${scope}"; one of ${Scope.options.join(', ')}`, 'scope')
      if (!scopes.includes(parsed.data)) scopes.push(parsed.data)
    }
    if (kind === 'secret' && scopes.length === 0) throw new ApiKeyError('INVALID_INPUT', 'scope: a secret key needs at least one scope', 'scope')
    if (kind === 'publishable' && scopes.length > 0) throw new ApiKeyError('INVALID_INPUT', 'scope: a publishable key takes no scopes; it may only write cookie choices', 'scope')
    const id = randomBytes(8).toString('hex')
    const secret = randomBytes(32).toString('base64url')
    const row = await db
      .insertInto('service_api_keys')
      .values({ id, name, kind, scopes: scopes.join(' '), secret_hash: hashSecret(secret) })
      .returning(['id', 'name', 'kind', 'scopes', 'created_at', 'revoked_at'])
      .executeTakeFirstOrThrow()
    return { ...toInfo(row), key: `onm_${PREFIX[kind]}_${id}.${secret}` }
  }

  /** Every key, newest first, revoked ones included (marked). */
  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.#db.selectFrom('service_api_keys').select(['id', 'name', 'kind', 'scopes', 'created_at', 'revoked_at']).orderBy('created_at', 'desc').orderBy('id').execute()
    return rows.map(toInfo)
  }

  /** Revokes a key; it stops working at once here, and within a few seconds on other instances. */
  async revoke(id: string): Promise<ApiKeyInfo> {
    const row = await this.#db
      .updateTable('service_api_keys')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .returning(['id', 'name', 'kind', 'scopes', 'created_at', 'revoked_at'])
      .executeTakeFirst()
    if (row === undefined) throw new ApiKeyError('NOT_FOUND', `no API key with id "${id}"`, 'id')
    this.#cache.clear()
    return toInfo(row)
  }

  /**
   * Creates an admin key if there is no key at all (first start). Safe when several instances
   * start at once: one creates it, the others see it.
   */
  async bootstrap(): Promise<CreatedApiKey | null> {
    return this.#db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(BOOTSTRAP_LOCK)})`.execute(trx)
      const existing = await trx.selectFrom('service_api_keys').select('id').limit(1).executeTakeFirst()
      if (existing !== undefined) return null
      return this.#insert(trx, { name: 'admin (first start)', scopes: ['admin'] })
    })
  }

  /** Resolves a full key (`onm_sk_<id>.<secret>`) to its principal; `null` when unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const match = KEY_FORMAT.exec(key)
    if (match === null) return null
    const [, prefix, id, secret] = match as unknown as [string, string, string, string]
    const presented = hashSecret(secret)
    const cacheKey = `${prefix}:${id}:${presented}`
    const cached = this.#cache.get(cacheKey)
    if (cached !== undefined && cached.until > Date.now()) return cached.principal
    const row = await this.#db.selectFrom('service_api_keys').selectAll().where('id', '=', id).executeTakeFirst()
    let principal: Principal | null = null
    if (row?.revoked_at === null && PREFIX[row.kind] === prefix) {
      const stored = Buffer.from(row.secret_hash, 'hex')
      const given = Buffer.from(presented, 'hex')
      if (stored.length === given.length && timingSafeEqual(stored, given)) principal = { keyId: row.id, name: row.name, kind: row.kind, scopes: parseScopes(row.scopes) }
    }
    // Failed lookups are cached too, so guessing does not turn into database load.
    if (this.#cache.size > 10_000) this.#cache.clear()
    this.#cache.set(cacheKey, { principal, until: Date.now() + CACHE_MS })
    return principal
  }
}
