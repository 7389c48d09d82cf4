import type { SubjectPrivacyState } from './ledger-types.js'

interface Load {
  promise: Promise<SubjectPrivacyState>
  /** Set when an invalidation arrived while the load ran: its result must not be cached. */
  stale: boolean
}

/**
 * The in-memory projection cache: subject -> state, bounded (oldest entries evicted first).
 * A load that an invalidation overtakes is returned to its caller but not cached, so a
 * notification that arrives between the read and the cache fill never leaves stale state behind.
 *
 * @example
 * const cache = new StateCache(10_000)
 * const state = await cache.get('u_42', () => loadFromDatabase('u_42'))
 * cache.invalidate('u_42')
 */
export class StateCache {
  readonly #entries = new Map<string, SubjectPrivacyState>()
  readonly #loads = new Map<string, Load>()
  readonly #capacity: number

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** The cached state, or undefined. No I/O. */
  peek(subject: string): SubjectPrivacyState | undefined {
    return this.#entries.get(subject)
  }

  get(subject: string, load: () => Promise<SubjectPrivacyState>): Promise<SubjectPrivacyState> {
    const cached = this.#entries.get(subject)
    if (cached) return Promise.resolve(cached)
    const running = this.#loads.get(subject)
    if (running && !running.stale) return running.promise
    const entry: Load = { promise: Promise.resolve(undefined as unknown as SubjectPrivacyState), stale: false }
    entry.promise = load().then(
      (state) => {
        if (this.#loads.get(subject) === entry) this.#loads.delete(subject)
        if (!entry.stale) this.#set(subject, state)
        return state
      },
      (error: unknown) => {
        if (this.#loads.get(subject) === entry) this.#loads.delete(subject)
        throw error
      },
    )
    this.#loads.set(subject, entry)
    return entry.promise
  }

  #set(subject: string, state: SubjectPrivacyState): void {
    if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next()
      if (oldest.done !== true) this.#entries.delete(oldest.value)
    }
    this.#entries.set(subject, state)
  }

  invalidate(subject: string): void {
    this.#entries.delete(subject)
    const running = this.#loads.get(subject)
    if (running) running.stale = true
  }

  /** Drops everything (the notification connection was lost: invalidations may have been missed). */
  clear(): void {
    this.#entries.clear()
    for (const load of this.#loads.values()) load.stale = true
  }

  get size(): number {
    return this.#entries.size
  }
}
