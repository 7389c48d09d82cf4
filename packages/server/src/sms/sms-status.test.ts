import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldSmsStatus } from './sms-status.js'
import type { SmsEffect, SmsEntry } from './sms-status.js'

const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 10, minute))
const entry = (minute: number, effect: SmsEffect, id = `m${minute}`): SmsEntry<string> => ({ at: at(minute), tiebreak: id, effect, source: id })

describe('foldSmsStatus', () => {
  it('starts unknown; the last opt-in or opt-out wins, in time order whatever the input order', () => {
    expect(foldSmsStatus([]).status).toBe('unknown')
    const entries = [entry(3, 'opt_in'), entry(1, 'opt_out'), entry(2, 'none')]
    expect(foldSmsStatus(entries)).toMatchObject({ status: 'consented', decidedBy: { source: 'm3' }, latestAt: at(3) })
    expect(foldSmsStatus([entry(1, 'opt_in'), entry(2, 'opt_out')]).status).toBe('opted_out')
  })

  it('a first text enrolls only an unknown number', () => {
    expect(foldSmsStatus([entry(1, 'none'), entry(2, 'first_text')])).toMatchObject({ status: 'consented', decidedBy: { source: 'm2' } })
    expect(foldSmsStatus([entry(1, 'opt_out'), entry(2, 'first_text')])).toMatchObject({ status: 'opted_out', decidedBy: { source: 'm1' } })
    expect(foldSmsStatus([entry(1, 'withdraw'), entry(2, 'first_text')]).status).toBe('withdrawn')
  })

  it('a repeated opt-out is decided by the latest one; ties break on the tiebreak', () => {
    expect(foldSmsStatus([entry(1, 'opt_out'), entry(2, 'opt_out')]).decidedBy?.source).toBe('m2')
    expect(foldSmsStatus([entry(1, 'opt_in', 'b'), entry(1, 'opt_out', 'a')]).status).toBe('consented')
  })

  it('does not depend on the order of its input', () => {
    const effects = fc.constantFrom<SmsEffect>('opt_out', 'opt_in', 'withdraw', 'first_text', 'none')
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 59 }), effects), { selector: ([m]) => m, maxLength: 30 }), (list) => {
        const entries = list.map(([m, e]) => entry(m, e))
        expect(foldSmsStatus([...entries].reverse())).toEqual(foldSmsStatus(entries))
      }),
    )
  })
})
