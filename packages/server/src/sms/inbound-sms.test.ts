import { describe, expect, it } from 'vitest'
import { InboundSms } from './index.js'

describe('InboundSms', () => {
  const message = { from: '14155550100', to: '12015550123', text: 'STOP', messageId: 'm-1' }

  it('says a missing receivedAt is required, and names the field of a bad one', () => {
    const missing = InboundSms.safeParse(message)
    expect(missing.error?.issues).toMatchObject([{ path: ['receivedAt'], message: 'required' }])
    const bad = InboundSms.safeParse({ ...message, receivedAt: 'yesterday' })
    expect(bad.error?.issues).toMatchObject([{ path: ['receivedAt'] }])
    expect(InboundSms.safeParse({ ...message, receivedAt: '2026-11-29T10:00:00Z' }).success).toBe(true)
  })
})
