import { describe, expect, it } from 'vitest'
import { unexplainedRedaction, type RedactionFacts, type RedactionRules } from './redaction-audit.js'

type Rules = RedactionRules extends ReadonlyMap<string, infer V> ? V : never
const consent: Rules = [{ id: 'consent_records', duration: 'P5Y' }]
const optOuts: Rules = [{ id: 'sms_opt_out_logs', minimum: 'P5Y' }]
const rules: RedactionRules = new Map<string, Rules>([
  ['consent.granted', consent],
  ['consent.withdrawn', consent],
  ['restriction.set', consent],
  ['sms.opted_in', consent],
  ['sms.opted_out', optOuts],
])

const at = (iso: string): Date => new Date(iso)
const event = (seq: number, type: string, recorded: string, redacted: string | null = null): RedactionFacts => ({
  seq,
  type,
  recordedAt: at(recorded),
  redactedAt: redacted === null ? null : at(redacted),
})

describe('unexplainedRedaction', () => {
  it('accepts what retention does: a superseded event past its duration', () => {
    const events = [event(1, 'consent.granted', '2019-01-10T00:00:00Z', '2025-01-01T00:00:00Z'), event(2, 'consent.withdrawn', '2019-06-10T00:00:00Z')]
    expect(unexplainedRedaction(events, rules)).toBeUndefined()
  })

  it('accepts what an erasure does: every event of the rule, an opt-out under its minimum kept', () => {
    const erased = '2026-03-01T00:00:00Z'
    const events = [
      event(1, 'consent.granted', '2026-01-01T00:00:00Z', erased),
      event(2, 'sms.opted_out', '2026-01-02T00:00:00Z'),
      event(3, 'restriction.set', '2026-02-01T00:00:00Z', erased),
      event(4, 'consent.granted', '2026-04-01T00:00:00Z'),
    ]
    expect(unexplainedRedaction(events, rules)).toBeUndefined()
  })

  it('refuses a standing withdrawal redacted while the grant before it stands', () => {
    const events = [event(1, 'consent.granted', '2026-01-01T00:00:00Z'), event(2, 'consent.withdrawn', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z')]
    expect(unexplainedRedaction(events, rules)).toMatchObject({ seq: 2, reason: expect.stringMatching(/not due under consent_records/) as unknown })
  })

  it('refuses a due event with no later event of its family (retention keeps the standing one)', () => {
    const events = [event(1, 'consent.granted', '2015-01-01T00:00:00Z'), event(2, 'restriction.set', '2015-02-01T00:00:00Z', '2025-01-01T00:00:00Z')]
    expect(unexplainedRedaction(events, rules)).toMatchObject({ seq: 2, reason: expect.stringMatching(/no later restriction event/) as unknown })
  })

  it('refuses an opt-out redacted inside its minimum, and a redaction before the event was recorded', () => {
    expect(unexplainedRedaction([event(1, 'sms.opted_out', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')], rules)).toMatchObject({ seq: 1 })
    expect(unexplainedRedaction([event(1, 'consent.granted', '2026-01-01T00:00:00Z', '2025-01-01T00:00:00Z')], rules)).toMatchObject({ seq: 1 })
  })

  it('refuses an erasure that left an older event of the rule, or one recorded a day or more before it', () => {
    const older = [event(1, 'restriction.set', '2026-01-01T00:00:00Z'), event(2, 'consent.granted', '2026-01-05T00:00:00Z', '2026-03-01T00:00:00Z')]
    expect(unexplainedRedaction(older, rules)).toMatchObject({ seq: 2 })
    const newer = [event(1, 'restriction.set', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'), event(2, 'consent.granted', '2026-01-05T00:00:00Z')]
    expect(unexplainedRedaction(newer, rules)).toMatchObject({ seq: 1 })
    const racing = [event(1, 'restriction.set', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'), event(2, 'consent.granted', '2026-03-01T00:00:00Z')]
    expect(unexplainedRedaction(racing, rules)).toBeUndefined()
  })
})
