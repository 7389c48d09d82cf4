import { describe, expect, it } from 'vitest'
import { formatSeqRanges, parseSeqRanges } from './erasure-record.js'
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

const erasure = (seq: number, erasedAt: string, erased: string): RedactionFacts => ({ seq, type: 'erasure.applied', recordedAt: at(erasedAt), redactedAt: null, erasedAt, erased })

describe('unexplainedRedaction', () => {
  it('accepts what retention does: a superseded event past its duration', () => {
    const events = [event(1, 'consent.granted', '2019-01-10T00:00:00Z', '2025-01-01T00:00:00Z'), event(2, 'consent.withdrawn', '2019-06-10T00:00:00Z')]
    expect(unexplainedRedaction(events, rules)).toBeUndefined()
  })

  it('accepts what an erasure does: the events its hashed record lists, with its time', () => {
    const erased = '2026-03-01T00:00:00Z'
    const events = [
      event(1, 'consent.granted', '2026-01-01T00:00:00Z', erased),
      event(2, 'sms.opted_out', '2026-01-02T00:00:00Z'),
      event(3, 'restriction.set', '2026-02-01T00:00:00Z', erased),
      erasure(4, erased, '1,3'),
      event(5, 'consent.granted', '2026-04-01T00:00:00Z'),
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

  it('refuses an erasure-shaped redaction no erasure record lists: unlisted, another time, an earlier or a redacted record', () => {
    const erased = '2026-03-01T00:00:00Z'
    const blanked = [event(1, 'restriction.set', '2026-01-01T00:00:00Z', erased), event(2, 'consent.granted', '2026-01-05T00:00:00Z', erased)]
    expect(unexplainedRedaction(blanked, rules)).toMatchObject({ seq: 1, reason: expect.stringMatching(/no later erasure\.applied event lists it/) as unknown })
    expect(unexplainedRedaction([...blanked, erasure(3, erased, '1')], rules)).toMatchObject({ seq: 2 })
    expect(unexplainedRedaction([...blanked, erasure(3, '2026-03-01T00:00:01Z', '1-2')], rules)).toMatchObject({ seq: 1 })
    expect(unexplainedRedaction([erasure(1, erased, '2-3'), ...blanked.map((e) => ({ ...e, seq: e.seq + 1 }))], rules)).toMatchObject({ seq: 2 })
    expect(unexplainedRedaction([...blanked, { ...erasure(3, erased, '1-2'), redactedAt: at(erased) }], rules)).toMatchObject({ seq: 1 })
    expect(unexplainedRedaction([...blanked, erasure(3, erased, '1-2')], rules)).toBeUndefined()
    // A list formatSeqRanges would never write lists nothing.
    expect(unexplainedRedaction([...blanked, erasure(3, erased, '2,1')], rules)).toMatchObject({ seq: 1 })
  })
})

describe('unexplainedRedaction by state key', () => {
  const rulesWithObjections: RedactionRules = new Map<string, Rules>([...rules, ['objection.recorded', consent], ['objection.lifted', consent], ['cookies.choice', consent], ['notice.announced', consent]])
  const keyed = (seq: number, type: string, stateKey: string | null, recorded: string, redacted: string | null = null): RedactionFacts => ({ ...event(seq, type, recorded, redacted), stateKey })
  const old = '2019-01-10T00:00:00Z'
  const later = '2019-06-10T00:00:00Z'
  const now = '2026-06-15T00:00:00Z'

  it('refuses a standing objection hidden behind a later objection about another purpose (the family would have explained it)', () => {
    const events = [keyed(1, 'objection.recorded', 'objection:security_monitoring', old, now), keyed(2, 'objection.recorded', 'objection:debugging_fraud_prevention', later)]
    expect(unexplainedRedaction(events, rulesWithObjections)).toMatchObject({ seq: 1, reason: expect.stringMatching(/no later event superseding objection:security_monitoring/) as unknown })
    // Written before keys were stored (no key, its payload gone): the family rule, the residual.
    expect(unexplainedRedaction(events.map((e) => ({ ...e, stateKey: null })), rulesWithObjections)).toBeUndefined()
  })

  it('accepts what the sweep redacts: the same key, a lift of every objection, a choice naming every category', () => {
    expect(unexplainedRedaction([keyed(1, 'consent.granted', 'consent:analytics', old, now), keyed(2, 'consent.withdrawn', 'consent:analytics', later)], rulesWithObjections)).toBeUndefined()
    expect(unexplainedRedaction([keyed(1, 'objection.recorded', 'objection:analytics', old, now), keyed(2, 'objection.lifted', 'objection:*', later)], rulesWithObjections)).toBeUndefined()
    const choices = [keyed(1, 'cookies.choice', 'cookies:analytics,preferences', old, now), keyed(2, 'cookies.choice', 'cookies:analytics,preferences,strictly_necessary', later)]
    expect(unexplainedRedaction(choices, rulesWithObjections)).toBeUndefined()
    // A superseding event redacted later still stood when the earlier one was redacted.
    expect(unexplainedRedaction([choices[0]!, { ...choices[1]!, redactedAt: at('2026-07-01T00:00:00Z') }, keyed(3, 'cookies.choice', 'cookies:analytics,preferences,strictly_necessary', '2026-01-01T00:00:00Z')], rulesWithObjections)).toBeUndefined()
  })

  it('refuses a cookie choice hidden behind a later choice naming fewer categories, and a superseding event redacted before', () => {
    expect(unexplainedRedaction([keyed(1, 'cookies.choice', 'cookies:analytics,preferences', old, now), keyed(2, 'cookies.choice', 'cookies:analytics', later)], rulesWithObjections)).toMatchObject({ seq: 1 })
    // Seq 2 supersedes seq 1 but was gone (redacted) before seq 1 was; seq 3 is about another purpose.
    const events = [
      keyed(1, 'consent.withdrawn', 'consent:analytics', old, now),
      keyed(2, 'consent.granted', 'consent:analytics', later, '2026-01-01T00:00:00Z'),
      keyed(3, 'consent.granted', 'consent:transactional_sms', '2021-01-01T00:00:00Z'),
    ]
    expect(unexplainedRedaction(events, rulesWithObjections)).toMatchObject({ seq: 1, reason: expect.stringMatching(/no later event superseding consent:analytics stood then/) as unknown })
  })

  it('never explains a keyless type by retention: no later event supersedes it', () => {
    const events = [keyed(1, 'notice.announced', null, old, now), keyed(2, 'notice.announced', null, later)]
    expect(unexplainedRedaction(events, rulesWithObjections)).toMatchObject({ seq: 1, reason: expect.stringMatching(/no later event supersedes its type/) as unknown })
  })
})

describe('formatSeqRanges / parseSeqRanges', () => {
  it('writes runs as ranges and reads them back exactly', () => {
    expect(formatSeqRanges([7, 1, 2, 3, 5, 9, 10, 3])).toBe('1-3,5,7,9-10')
    const listed = parseSeqRanges('1-3,5,7,9-10')
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].filter((seq) => listed?.(seq))).toEqual([1, 2, 3, 5, 7, 9, 10])
    for (const bad of ['', '3-1', '1,1', '2,1', '1-3,2', 'a', '1,,2', '-1', 1]) expect(parseSeqRanges(bad)).toBeUndefined()
  })
})
