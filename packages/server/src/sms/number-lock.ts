import { sql, type Kysely } from 'kysely'
import type { Backend } from '../storage/database.js'
import type { Tables } from '../storage/tables.js'

/** Namespace of the SMS module's advisory locks (the first key of `pg_advisory_xact_lock(int, int)`). */
const LOCK_NAMESPACE = 0x0_5e5

/**
 * Serializes the work on one phone number, so the state machine sees each message after the one
 * before it (no lost update between a STOP and a START racing, no double confirmation):
 * - in this process, a promise chain per number;
 * - across processes on PostgreSQL, also a transaction-scoped advisory lock on the number's keyed
 *   hash. The lock's transaction holds a pool connection while the work uses others, so at most
 *   `maxHolders` numbers hold one at a time (default 4, below the pool's default 10): the pool can
 *   never be filled by lock holders waiting for a connection.
 *
 * @example
 * const locks = new NumberLocks(ctx.db, ctx.backend)
 * await locks.run(ctx.vault.lookup('phone', e164), () => handle(e164))
 */
export class NumberLocks {
  readonly #tails = new Map<string, Promise<void>>()
  readonly #db: Kysely<Tables>
  readonly #backend: Backend
  readonly #maxHolders: number
  #holders = 0
  readonly #waiting: (() => void)[] = []

  constructor(db: Kysely<Tables>, backend: Backend, maxHolders = 4) {
    this.#db = db
    this.#backend = backend
    this.#maxHolders = maxHolders
  }

  async run<T>(lookup: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(lookup) ?? Promise.resolve()
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const tail = previous.then(() => held)
    this.#tails.set(lookup, tail)
    await previous
    try {
      return this.#backend === 'postgres' ? await this.#acrossProcesses(lookup, work) : await work()
    } finally {
      release()
      if (this.#tails.get(lookup) === tail) this.#tails.delete(lookup)
    }
  }

  async #acrossProcesses<T>(lookup: string, work: () => Promise<T>): Promise<T> {
    await this.#enter()
    try {
      const key = Number.parseInt(lookup.slice(0, 8), 16) | 0
      return await this.#db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, ${key}::int)`.execute(trx)
        return work()
      })
    } finally {
      this.#leave()
    }
  }

  async #enter(): Promise<void> {
    if (this.#holders < this.#maxHolders) {
      this.#holders++
      return
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve))
  }

  #leave(): void {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#holders--
  }
}
