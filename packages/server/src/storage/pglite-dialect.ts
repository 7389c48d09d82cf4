import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { Mutex } from './mutex.js'
import { TIMESTAMPTZ_OID, parseTimestamptz } from './timestamp-parser.js'

/**
 * A kysely dialect over an embedded PGlite database. PGlite is a single PostgreSQL session, so
 * the driver hands it out as one connection at a time (a FIFO lock): a transaction holds it from
 * `begin` to `commit`, and concurrent callers queue, which is what makes concurrent appends to one
 * chain linear on PGlite. SQL, adapter and compiler are kysely's PostgreSQL ones; `timestamptz`
 * values are parsed exactly as node-postgres does (PGlite's parser misreads years 0001-0099).
 *
 * @example
 * const db = new Kysely<Tables>({ dialect: new PGliteDialect(await PGlite.create()) })
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#pglite)
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's Dialect signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }
}

class PGliteDriver implements Driver {
  readonly #pglite: PGlite
  readonly #mutex = new Mutex()
  readonly #releases = new WeakMap<DatabaseConnection, () => void>()

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.acquire()
    const connection = new PGliteConnection(this.#pglite)
    this.#releases.set(connection, release)
    return connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let sql = 'begin'
    if (settings.isolationLevel !== undefined) sql += ` isolation level ${settings.isolationLevel}`
    if (settings.accessMode !== undefined) sql += ` ${settings.accessMode}`
    await connection.executeQuery(CompiledQuery.raw(sql))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`))
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#releases.get(connection)?.()
    this.#releases.delete(connection)
    return Promise.resolve()
  }

  async destroy(): Promise<void> {
    // Wait for the connection in use, if any, so close never cuts a transaction short.
    const release = await this.#mutex.acquire()
    try {
      if (!this.#pglite.closed) await this.#pglite.close()
    } finally {
      release()
    }
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiled.sql, [...compiled.parameters], { parsers: PARSERS })
    return result.affectedRows === undefined
      ? { rows: result.rows }
      : { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
  }

  // eslint-disable-next-line @typescript-eslint/require-await, require-yield -- PGlite has no cursors here
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite')
  }
}

// PGlite's own timestamptz parser misreads years 0001-0099 (see parseTimestamptz).
const PARSERS = { [TIMESTAMPTZ_OID]: parseTimestamptz }

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
