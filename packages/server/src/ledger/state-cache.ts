import type { SubjectPrivacyState } from './ledger-types.js'

/**
 * A subject's projected state and the chain position it reflects: `seq` of the last event
 * projected (0 for a subject with none), which is what a consistency token is compared with.
 */
export interface PositionedState {
  readonly state: SubjectPrivacyState
  readonly seq: number
}

interface Load {
  promise: Promise<PositionedState>
  /** Set when an invalidation arrived while the load ran: its result must not be cached. */
  stale: boolean
}

/**
 * The in-memory projection cache: subject -> state at a chain position, bounded (oldest entries
 * evicted first). A load that an invalidation overtakes is returned to its caller but not cached,
 * so a notification that arrives between the read and the cache fill never leaves stale state
 * behind; a question asked after an invalidation arrived never joins a load started before it.
 * An entry is only ever replaced by one at the same or a later position, so a slow load never
 * puts back an older state than a faster, later one cached.
 *
 * @example
 * const cache = new StateCache(10_000)
 * const { state, seq } = await cache.get('u_42', () => loadFromDatabase('u_42'))
 * cache.invalidate('u_42')
 */
export class StateCache {
  readonly #entries = new Map<string, PositionedState>()
  readonly #loads = new Map<string, Set<Load>>()
  readonly #capacity: number

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** The cached state and its position, or undefined. No I/O. */
  peek(subject: string): PositionedState | undefined {
    return this.#entries.get(subject)
  }

  /**
   * The cached state, else the result of a running load, else of a new one. With `fresh`, always
   * a new load: a read that must reflect every write acknowledged before it was asked (a running
   * load may have read before that write).
   */
  get(subject: string, load: () => Promise<PositionedState>, fresh = false): Promise<PositionedState> {
    if (!fresh) {
      const cached = this.#entries.get(subject)
      if (cached) return Promise.resolve(cached)
      let running: Load | undefined
      for (const candidate of this.#loads.get(subject) ?? []) if (!candidate.stale) running = candidate
      if (running) return running.promise
    }
    const loads = this.#loads.get(subject) ?? new Set<Load>()
    this.#loads.set(subject, loads)
    const entry: Load = { promise: Promise.resolve(undefined as unknown as PositionedState), stale: false }
    const done = (): void => {
      loads.delete(entry)
      if (loads.size === 0 && this.#loads.get(subject) === loads) this.#loads.delete(subject)
    }
    entry.promise = load().then(
      (result) => {
        done()
        if (!entry.stale) this.#offer(subject, result)
        return result
      },
      (error: unknown) => {
        done()
        throw error
      },
    )
    loads.add(entry)
    return entry.promise
  }

  #offer(subject: string, result: PositionedState): void {
    const current = this.#entries.get(subject)
    if (current !== undefined) {
      if (current.seq > result.seq) return
      this.#entries.delete(subject)
    } else if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next()
      if (oldest.done !== true) this.#entries.delete(oldest.value)
    }
    this.#entries.set(subject, result)
  }

  invalidate(subject: string): void {
    this.#entries.delete(subject)
    for (const load of this.#loads.get(subject) ?? []) load.stale = true
  }

  /** Drops everything (the notification connection was lost: invalidations may have been missed). */
  clear(): void {
    this.#entries.clear()
    for (const loads of this.#loads.values()) for (const load of loads) load.stale = true
  }

  get size(): number {
    return this.#entries.size
  }
}
