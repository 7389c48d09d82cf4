import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import type { PrivacyContext } from '@onmion/privacy-server'
import { sql, type Kysely } from 'kysely'

/** `service_rights_challenges`: one code sent to an address; the address and the code are stored only as keyed hashes. */
export interface ChallengeRow {
  id: string
  /** The vault's keyed hash of the address (rate limits; finding the subject after verification). */
  address_lookup: string
  /** The identifier-keyed subject the address stands for when no subject has it on file. */
  address_subject: string
  right: string
  region: string
  /** Keyed hash of the code (the vault's HMAC key), so a copy of the table does not give codes away. */
  code_hash: string
  attempts: number
  expires_at: Date
  created_at: Date
  consumed_at: Date | null
}

/** `service_rights_tokens`: what lets a person read their request's status; only its SHA-256 is stored. */
export interface RequestTokenRow {
  token_hash: string
  request_id: string
  verified_at: Date
}

/** The tables of the public rights-request flow. */
export interface RightsPortalTables {
  service_rights_challenges: ChallengeRow
  service_rights_tokens: RequestTokenRow
}

/**
 * The migration of the public rights-request flow (apps' ids start at 1000).
 *
 * @example createPrivacy({ policy, migrations: [...apiKeyMigrations, ...rightsPortalMigrations] })
 */
export const rightsPortalMigrations = [
  {
    id: '1100_service_rights_challenges',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was, untyped
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('service_rights_challenges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('address_lookup', 'text', (c) => c.notNull())
        .addColumn('address_subject', 'text', (c) => c.notNull())
        .addColumn('right', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('consumed_at', 'timestamptz')
        .execute()
      await db.schema.createIndex('service_rights_challenges_address').on('service_rights_challenges').columns(['address_lookup', 'created_at']).execute()
      await db.schema
        .createTable('service_rights_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('verified_at', 'timestamptz', (c) => c.notNull())
        .execute()
    },
  },
]

/** A challenge just created: its id, the code to send (never stored in clear), and when it expires. */
export interface NewChallenge {
  readonly id: string
  readonly code: string
  readonly expiresAt: Date
}

/** A challenge whose code matched: what the request is opened with. */
export interface VerifiedChallenge {
  readonly id: string
  readonly addressLookup: string
  readonly addressSubject: string
  readonly right: string
  readonly region: string
  readonly verifiedAt: Date
}

type IdentifierVault = PrivacyContext['vault']

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex')

/**
 * One-time codes for the public rights-request flow: created per address (counted, for the
 * per-address limit, across instances), compared in constant time, void after `maxAttempts`
 * wrong guesses, at expiry, or once used; and the status tokens handed out after verification.
 *
 * @example
 * const store = new ChallengeStore(db, vault, { ttlSeconds: 900, maxAttempts: 5 })
 * const { id, code } = await store.create({ addressLookup, addressSubject, right: 'access', region: 'DE' })
 */
export class ChallengeStore {
  readonly #db: Kysely<RightsPortalTables>
  readonly #vault: IdentifierVault
  readonly #ttlMs: number
  readonly #maxAttempts: number
  readonly #now: () => Date

  constructor(db: Kysely<RightsPortalTables>, vault: IdentifierVault, options: { ttlSeconds: number; maxAttempts: number; now?: () => Date }) {
    this.#db = db
    this.#vault = vault
    this.#ttlMs = options.ttlSeconds * 1000
    this.#maxAttempts = options.maxAttempts
    this.#now = options.now ?? (() => new Date())
  }

  // Keyed with the vault's HMAC key: six digits are a million guesses away from an unkeyed hash.
  #codeHash(id: string, code: string): string {
    return this.#vault.lookup('email', `rights-code:${id}:${code}`)
  }

  /** Codes sent to the address in the last hour. */
  async sentLastHour(addressLookup: string): Promise<number> {
    const since = new Date(this.#now().getTime() - 3_600_000)
    const row = await this.#db
      .selectFrom('service_rights_challenges')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('address_lookup', '=', addressLookup)
      .where('created_at', '>', since)
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  /** Creates a challenge and returns its code; challenges expired for a day are deleted on the way. */
  async create(input: { addressLookup: string; addressSubject: string; right: string; region: string }): Promise<NewChallenge> {
    const now = this.#now()
    await this.#db.deleteFrom('service_rights_challenges').where('expires_at', '<', new Date(now.getTime() - 86_400_000)).execute()
    const id = `rc_${randomBytes(16).toString('hex')}`
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const expiresAt = new Date(now.getTime() + this.#ttlMs)
    await this.#db
      .insertInto('service_rights_challenges')
      .values({ id, address_lookup: input.addressLookup, address_subject: input.addressSubject, right: input.right, region: input.region, code_hash: this.#codeHash(id, code), attempts: 0, expires_at: expiresAt, created_at: now, consumed_at: null })
      .execute()
    return { id, code, expiresAt }
  }

  /**
   * Checks a code: one attempt is counted first (atomically), then the code is compared in
   * constant time and, when it matches, the challenge is consumed (once: a second use fails).
   * Every failure (unknown, expired, used, too many attempts, wrong code) returns null alike.
   */
  async verify(id: string, code: string): Promise<VerifiedChallenge | null> {
    const now = this.#now()
    const counted = await this.#db
      .updateTable('service_rights_challenges')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', this.#maxAttempts)
      .returningAll()
      .executeTakeFirst()
    const expected = Buffer.from(counted?.code_hash ?? this.#codeHash('rc_none', '000000'), 'hex')
    const given = Buffer.from(this.#codeHash(id, code), 'hex')
    const matches = timingSafeEqual(expected, given) && counted !== undefined
    if (!matches) return null
    const consumed = await this.#db.updateTable('service_rights_challenges').set({ consumed_at: now }).where('id', '=', id).where('consumed_at', 'is', null).returning('id').executeTakeFirst()
    if (consumed === undefined) return null
    return { id, addressLookup: counted.address_lookup, addressSubject: counted.address_subject, right: counted.right, region: counted.region, verifiedAt: now }
  }

  /** Issues the status token of a request: returned once, stored as its SHA-256. */
  async issueToken(requestId: string, verifiedAt: Date): Promise<string> {
    const token = `rqt_${randomBytes(32).toString('base64url')}`
    await this.#db.insertInto('service_rights_tokens').values({ token_hash: sha256(token), request_id: requestId, verified_at: verifiedAt }).execute()
    return token
  }

  /** The request a status token opens, with when the identity was verified; null for an unknown token. */
  async resolveToken(token: string): Promise<{ requestId: string; verifiedAt: Date } | null> {
    const row = await this.#db.selectFrom('service_rights_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst()
    return row === undefined ? null : { requestId: row.request_id, verifiedAt: row.verified_at }
  }
}
