import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PrivacyError, PrivacyErrorCode } from '../errors.js'
import { PGliteDialect } from './pglite-dialect.js'
import type { Tables } from './tables.js'

/**
 * Which engine a database runs on. Both speak the same SQL (PostgreSQL's).
 *
 * @example
 * if (privacy.backend === 'postgres') await privacy.db.selectFrom('privacy_migrations').selectAll().execute()
 */
export type Backend = 'pglite' | 'postgres'

/**
 * Called for each notification on a channel; `reset` when notifications may have been missed.
 *
 * @example
 * await database.listen('onmion_privacy_subjects', { notify: (subject) => cache.delete(subject), reset: () => cache.clear() })
 */
export interface NotificationHandler {
  notify(payload: string): void
  /** The listening connection was lost and re-established: anything cached may be stale. */
  reset(): void
}

/**
 * An open database: a typed kysely instance over PGlite or PostgreSQL, plus LISTEN for
 * cross-instance cache invalidation.
 *
 * @example
 * const database = await openDatabase('postgres://postgres@127.0.0.1:5432/app')
 * await database.db.selectFrom('privacy_events').selectAll().execute()
 * await database.close()
 */
export interface Database {
  readonly db: Kysely<Tables>
  readonly backend: Backend
  /** Where it is: `memory://`, a directory, or the PostgreSQL URL without its password. */
  readonly location: string
  /** Subscribes to a PostgreSQL notification channel; resolves once listening. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>
  close(): Promise<void>
}

/**
 * Options of {@link openDatabase}.
 *
 * @example
 * await openDatabase('postgres://postgres@127.0.0.1:5432/app', { poolSize: 20 })
 */
export interface OpenDatabaseOptions {
  /** Connections in the PostgreSQL pool (default 10). Ignored by PGlite (one session). */
  poolSize?: number
}

/**
 * Opens the database named by `url`:
 * - `undefined` or `memory://`: PGlite in memory (tests, throwaway tools);
 * - `file:./path` or a plain directory path: PGlite on disk, the directory created if missing;
 * - `postgres://...` or `postgresql://...`: PostgreSQL through a `pg` pool.
 *
 * @throws {@link PrivacyError} CONFIGURATION for an unsupported URL scheme.
 * @example
 * const { db, backend, close } = await openDatabase('file:./data/privacy')
 */
export async function openDatabase(url?: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  if (url === undefined || url === 'memory://' || url === '') return openPGlite(undefined)
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file:')) {
    throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, `database: unsupported URL scheme in "${url.split('://')[0] ?? ''}://..."; use memory://, file:<dir>, a directory or postgres://`, {
      field: 'database',
    })
  }
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url.startsWith('file:') ? url.slice('file:'.length) : url
  return openPGlite(path)
}

async function openPGlite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true })
  const pglite = await PGlite.create(dataDir === undefined ? {} : { dataDir })
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) })
  return {
    db,
    backend: 'pglite',
    location: dataDir ?? 'memory://',
    async listen(channel, handler) {
      // One PGlite instance is one process's database; its own NOTIFYs still arrive here.
      const unlisten = await pglite.listen(channel, (payload) => handler.notify(payload))
      return async () => {
        if (!pglite.closed) await unlisten()
      }
    },
    async close() {
      await db.destroy()
    },
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://(unparseable)'
  }
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 })
  // An idle client's error (the server restarted) must not crash the process; the pool drops it.
  pool.on('error', () => undefined)
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await db.destroy()
    throw new PrivacyError(PrivacyErrorCode.STORAGE, `database: cannot connect to ${redact(url)}`, { field: 'database', cause: error })
  }
  const listeners = new Set<Listener>()
  return {
    db,
    backend: 'postgres',
    location: redact(url),
    async listen(channel, handler) {
      const listener = new Listener(url, channel, handler)
      await listener.start()
      listeners.add(listener)
      return async () => {
        listeners.delete(listener)
        await listener.stop()
      }
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.stop()))
      listeners.clear()
      await db.destroy()
    },
  }
}

/**
 * A dedicated connection holding `LISTEN channel`. Pool connections cannot listen (they are
 * handed to other queries), so each listener has its own client, reconnected with backoff when
 * lost; a reconnect calls `reset()`, since notifications sent meanwhile were missed.
 */
class Listener {
  #client: pg.Client | undefined
  #stopped = false
  #retry: NodeJS.Timeout | undefined

  constructor(
    readonly url: string,
    readonly channel: string,
    readonly handler: NotificationHandler,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url })
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handler.notify(message.payload ?? '')
    })
    client.on('error', () => this.#lost(client))
    client.on('end', () => this.#lost(client))
    await client.connect()
    await client.query(`LISTEN ${quoteIdentifier(this.channel)}`)
    this.#client = client
  }

  #lost(client: pg.Client): void {
    if (this.#stopped || this.#client !== client) return
    this.#client = undefined
    this.handler.reset()
    this.#schedule(250)
  }

  #schedule(delay: number): void {
    this.#retry = setTimeout(() => {
      this.start().then(
        () => this.handler.reset(),
        () => {
          if (!this.#stopped) this.#schedule(Math.min(delay * 2, 10_000))
        },
      )
    }, delay)
    this.#retry.unref()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#retry) clearTimeout(this.#retry)
    const client = this.#client
    this.#client = undefined
    if (client) await client.end().catch(() => undefined)
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
