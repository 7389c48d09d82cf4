/** The outcome of taking a token: allowed, or refused with the seconds until one is available. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

interface Bucket {
  tokens: number
  updatedAt: number
}

/** Buckets kept before idle ones are dropped (a flood of client addresses cannot grow memory). */
const MAX_BUCKETS = 10_000

/**
 * A token bucket per key: `burst` tokens, refilled at `perSecond`. Held in this process, so with
 * several instances each enforces its own share (the limit is per key per instance). At most
 * 10,000 buckets are kept: past that, full (idle) buckets are dropped, then the least recently
 * used, which only ever gives a client more tokens, never fewer.
 *
 * @example
 * const limiter = new RateLimiter({ perSecond: 10, burst: 20 })
 * const decision = limiter.take('key_1')
 * if (!decision.allowed) answer429(decision.retryAfterSeconds)
 */
export class RateLimiter {
  readonly #perSecond: number
  readonly #burst: number
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()

  constructor(options: { perSecond: number; burst: number; now?: () => number }) {
    this.#perSecond = options.perSecond
    this.#burst = options.burst
    this.#now = options.now ?? (() => performance.now())
  }

  /** Takes one token from `key`'s bucket. */
  take(key: string): RateDecision {
    const now = this.#now()
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, updatedAt: now }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.#perSecond)
    bucket.updatedAt = now
    // Delete and set again: the map's order is then least recently used first.
    this.#buckets.delete(key)
    this.#buckets.set(key, bucket)
    if (this.#buckets.size > MAX_BUCKETS) this.#prune(now)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { allowed: true }
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perSecond)) }
  }

  /** Buckets held now (for tests and metrics). */
  get size(): number {
    return this.#buckets.size
  }

  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.#perSecond >= this.#burst) this.#buckets.delete(key)
    }
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= MAX_BUCKETS / 2) break
      this.#buckets.delete(key)
    }
  }
}
