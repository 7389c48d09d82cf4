/**
 * How a group of writes is written: all together (one statement), or one alone.
 *
 * @example
 * const writer: GroupWriter<Row, Link> = { many: (rows) => insertBatch(rows), one: (row) => insertOne(row) }
 */
export interface GroupWriter<T, R> {
  /** Writes every item in one atomic statement; returns one result per item, in order. */
  readonly many: (items: readonly T[]) => Promise<readonly R[]>
  /** Writes one item on its own. */
  readonly one: (item: T) => Promise<R>
  /** True for an error that would fail each item alone too (the database is down): no retry one by one. */
  readonly fatal: (error: unknown) => boolean
}

interface Waiting<T, R> {
  readonly item: T
  readonly resolve: (result: R) => void
  readonly reject: (error: unknown) => void
}

/**
 * Group commit for single appends. Every append takes the Merkle log's size row, which stays
 * locked until its transaction commits, so appends from all connections pass one at a time,
 * each waiting for the one before it to flush its commit to disk: on PostgreSQL a stream of
 * single appends ran at 0.14x a raw INSERT over the same HTTP stack, whose commits share flushes.
 * Here an append submitted while another write of this instance is in flight waits for it, and
 * then everything that gathered is written by one statement (one lock, one commit) for all.
 * An append that finds nothing in flight is written at once, alone: no added latency when idle.
 *
 * Each item is still acknowledged only after its own commit. A group is atomic: when its
 * statement fails for a reason of one item (an idempotency key another writer recorded a moment
 * before), nothing of it was written, and each item is written again on its own, so each caller
 * gets the answer it would have got alone. A fatal error (the database unreachable) fails every
 * item of the group with that error.
 *
 * @example
 * const group = new AppendGroup(writer, 500)
 * const link = await group.submit(row)
 */
export class AppendGroup<T, R> {
  readonly #writer: GroupWriter<T, R>
  readonly #max: number
  #waiting: Waiting<T, R>[] = []
  #draining = false

  constructor(writer: GroupWriter<T, R>, max: number) {
    this.#writer = writer
    this.#max = max
  }

  /** Writes `item` alone or with the appends that gather while another is in flight. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject })
      if (!this.#draining) void this.#drain()
    })
  }

  async #drain(): Promise<void> {
    this.#draining = true
    try {
      while (this.#waiting.length > 0) {
        const group = this.#waiting.splice(0, this.#max)
        const [first] = group
        if (first !== undefined && group.length === 1) await this.#alone(first)
        else await this.#together(group)
      }
    } finally {
      this.#draining = false
    }
  }

  async #alone(waiting: Waiting<T, R>): Promise<void> {
    try {
      waiting.resolve(await this.#writer.one(waiting.item))
    } catch (error) {
      waiting.reject(error)
    }
  }

  async #together(group: readonly Waiting<T, R>[]): Promise<void> {
    let results: readonly R[]
    try {
      results = await this.#writer.many(group.map((w) => w.item))
    } catch (error) {
      if (this.#writer.fatal(error)) {
        for (const waiting of group) waiting.reject(error)
        return
      }
      // Nothing of the group was written: each item on its own gets its own answer, in the
      // order they came (a subject's events keep the order their writers submitted them).
      for (const waiting of group) await this.#alone(waiting)
      return
    }
    group.forEach((waiting, i) => {
      const result = results[i]
      if (result === undefined) waiting.reject(new Error(`group write returned ${results.length} of ${group.length} results`))
      else waiting.resolve(result)
    })
  }
}
