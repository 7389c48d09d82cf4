import { describe, expect, it } from 'vitest'
import { NEXT_STATUSES, RequestStatus, canMove, isClosed } from './status.js'

describe('request status machine', () => {
  it('walks received -> identity_verified -> in_progress -> completed', () => {
    expect(canMove('received', 'identity_verified')).toBe(true)
    expect(canMove('identity_verified', 'in_progress')).toBe(true)
    expect(canMove('in_progress', 'completed')).toBe(true)
  })

  it('skips no step', () => {
    expect(canMove('received', 'in_progress')).toBe(false)
    expect(canMove('received', 'completed')).toBe(false)
    expect(canMove('identity_verified', 'completed')).toBe(false)
  })

  it('may deny at any open step', () => {
    for (const s of ['received', 'identity_verified', 'in_progress'] as const) expect(canMove(s, 'denied')).toBe(true)
  })

  it('closes on completed and denied, and nothing leaves a closed request', () => {
    expect(isClosed('completed')).toBe(true)
    expect(isClosed('denied')).toBe(true)
    for (const to of Object.values(RequestStatus)) {
      expect(canMove('completed', to)).toBe(false)
      expect(canMove('denied', to)).toBe(false)
    }
  })

  it('never goes back', () => {
    const order = ['received', 'identity_verified', 'in_progress', 'completed'] as const
    for (const [from, next] of Object.entries(NEXT_STATUSES)) {
      for (const to of next) if (to !== 'denied') expect(order.indexOf(to)).toBeGreaterThan(order.indexOf(from as (typeof order)[number]))
    }
  })
})
