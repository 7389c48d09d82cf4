import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limiter.js'

describe('RateLimiter', () => {
  it('allows a burst, refuses the next with the wait, and refills over time', () => {
    let now = 0
    const limiter = new RateLimiter({ perSecond: 2, burst: 3, now: () => now })
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, true])
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 })
    now += 500 // one token back at 2/s
    expect(limiter.take('k').allowed).toBe(true)
    expect(limiter.take('k').allowed).toBe(false)
  })

  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1, now: () => 0 })
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(false)
    expect(limiter.take('b').allowed).toBe(true)
  })

  it('never holds more than the burst', () => {
    let now = 0
    const limiter = new RateLimiter({ perSecond: 100, burst: 2, now: () => now })
    now += 60_000
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, false])
  })
})

describe('RateLimiter memory', () => {
  it('holds at most 10,000 buckets however many addresses come by', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 2, now: () => 0 })
    for (let i = 0; i < 25_000; i++) limiter.take(`addr-${i}`)
    expect(limiter.size).toBeLessThanOrEqual(10_000)
    // The newest buckets are kept: a client that just spent its tokens is still limited.
    limiter.take('addr-24999')
    expect(limiter.take('addr-24999').allowed).toBe(false)
  })
})
