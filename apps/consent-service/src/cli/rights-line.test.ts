import type { RightsRequest } from '@onmion/privacy-server'
import { describe, expect, test } from 'vitest'
import { rightsLine } from './rights-line.js'

const base = {
  id: 'rr_1',
  subject: 'u_1',
  type: 'access',
  channel: 'web_form',
  note: null,
  status: 'received',
  jurisdictions: ['ccpa'],
  receivedAt: new Date('2026-05-22T15:00:00Z'),
  dueAt: new Date('2026-06-21T15:00:00Z'),
  deadlineRule: 'policy',
  acknowledgeDueAt: new Date('2026-06-08T15:00:00Z'),
  acknowledgeRule: 'ccpa',
  acknowledgedAt: null,
  extensionLimit: new Date('2026-08-20T15:00:00Z'),
  extended: false,
  closedAt: null,
  outcome: null,
  policyVersion: '1.0.0',
  history: [],
} as unknown as RightsRequest

describe('rightsLine', () => {
  test('shows both due dates, and marks each overdue apart', () => {
    expect(rightsLine(base, new Date('2026-06-01T00:00:00Z'))).toBe(
      'rr_1  access        received          answer due 2026-06-21T15:00:00.000Z (policy)  ack due 2026-06-08T15:00:00.000Z (ccpa)  u_1',
    )
    const ackLate = rightsLine(base, new Date('2026-06-09T00:00:00Z'))
    expect(ackLate).toContain('(ccpa) ACK OVERDUE')
    expect(ackLate).not.toContain('(policy) OVERDUE')
    expect(rightsLine(base, new Date('2026-06-22T00:00:00Z'))).toContain('(policy) OVERDUE')
  })

  test('an acknowledged, a closed, and a request no law asks to acknowledge', () => {
    const acked = { ...base, acknowledgedAt: new Date('2026-05-26T10:00:00Z') } as RightsRequest
    expect(rightsLine(acked, new Date('2026-06-09T00:00:00Z'))).toContain('ack done 2026-05-26T10:00:00.000Z')
    const closed = { ...base, status: 'completed', closedAt: new Date('2026-05-23T00:00:00Z') } as RightsRequest
    expect(rightsLine(closed, new Date('2027-01-01T00:00:00Z'))).not.toContain('OVERDUE')
    expect(rightsLine({ ...base, acknowledgeDueAt: null, acknowledgeRule: null }, new Date('2026-06-01T00:00:00Z'))).toContain('ack -')
  })
})
