import { describe, expect, test } from 'vitest'
import { LEGAL_CLOCKS } from './legal-clocks.js'
import { ResponseClocks, type ResponseClock } from './model/response-clock.js'
import { addClockPeriod, requestDueDates } from './response-deadline.js'

const at = (iso: string): Date => new Date(iso)
const clock = (id: string): ResponseClock => LEGAL_CLOCKS.clocks.find((c) => c.id === id)!
const usHolidays = new Set(LEGAL_CLOCKS.holidays[0]!.dates)
const due = (receivedAt: string, kind: Parameters<typeof requestDueDates>[0]['kind'], ids: string[], promise = 'P30D') =>
  requestDueDates({ receivedAt: at(receivedAt), kind, promise, clocks: ids.map(clock), holidays: LEGAL_CLOCKS.holidays })

describe('LEGAL_CLOCKS', () => {
  test('is valid data: unique ids, calendars named, a source for every law', () => {
    expect(ResponseClocks.parse(LEGAL_CLOCKS)).toEqual(LEGAL_CLOCKS)
    for (const c of LEGAL_CLOCKS.clocks) expect(c.source.citation.length).toBeGreaterThan(5)
  })

  test('every US holiday date is a weekday (dates as observed)', () => {
    for (const d of usHolidays) expect([0, 6]).not.toContain(at(`${d}T00:00:00Z`).getUTCDay())
  })

  test('covers the laws the issue names', () => {
    const ids = LEGAL_CLOCKS.clocks.map((c) => c.id)
    for (const id of ['gdpr', 'ccpa', 'ccpa_opt_out', 'lgpd', 'us_va', 'us_co', 'us_ct', 'us_ut', 'us_tx', 'us_or', 'us_mt', 'us_ia', 'us_de', 'us_nh', 'us_nj', 'us_tn', 'us_mn', 'us_md', 'us_in', 'us_ky', 'us_ne', 'us_ri']) {
      expect(ids).toContain(id)
    }
  })
})

describe('addClockPeriod', () => {
  test('business days: a request received on the Friday before Memorial Day', () => {
    // Fri 22 May 2026; Mon 25 May is a holiday: day 1 is Tue 26 May, day 10 is Mon 8 June.
    expect(addClockPeriod(at('2026-05-22T15:00:00Z'), { amount: 10, unit: 'business_days' }, usHolidays).toISOString()).toBe('2026-06-08T15:00:00.000Z')
    // Without the holiday calendar it would be Fri 5 June: the calendar is what moves it.
    expect(addClockPeriod(at('2026-05-22T15:00:00Z'), { amount: 10, unit: 'business_days' }).toISOString()).toBe('2026-06-05T15:00:00.000Z')
  })

  test('business days: a request received on a Saturday counts from Monday', () => {
    expect(addClockPeriod(at('2026-03-07T10:00:00Z'), { amount: 1, unit: 'business_days' }).toISOString()).toBe('2026-03-09T10:00:00.000Z')
  })

  test('business days over Thanksgiving and Christmas (15 business days, the CCPA opt-out clock)', () => {
    // Received Mon 23 Nov 2026: Thanksgiving (26 Nov) and Christmas (25 Dec) are skipped.
    // 24,25,27 Nov (3); 30 Nov-4 Dec (8); 7-11 Dec (13); 14, 15 Dec (15).
    expect(addClockPeriod(at('2026-11-23T12:00:00Z'), { amount: 15, unit: 'business_days' }, usHolidays).toISOString()).toBe('2026-12-15T12:00:00.000Z')
  })

  test('calendar months: 31 January plus one month is the last day of February, 29 in a leap year', () => {
    expect(addClockPeriod(at('2026-01-31T09:00:00Z'), { amount: 1, unit: 'calendar_months' }).toISOString()).toBe('2026-02-28T09:00:00.000Z')
    expect(addClockPeriod(at('2028-01-31T09:00:00Z'), { amount: 1, unit: 'calendar_months' }).toISOString()).toBe('2028-02-29T09:00:00.000Z')
    expect(addClockPeriod(at('2026-03-15T09:00:00Z'), { amount: 1, unit: 'calendar_months' }).toISOString()).toBe('2026-04-15T09:00:00.000Z')
  })

  test('calendar days cross a leap day', () => {
    expect(addClockPeriod(at('2028-02-01T00:00:00Z'), { amount: 45, unit: 'calendar_days' }).toISOString()).toBe('2028-03-17T00:00:00.000Z')
    expect(addClockPeriod(at('2026-02-01T00:00:00Z'), { amount: 45, unit: 'calendar_days' }).toISOString()).toBe('2026-03-18T00:00:00.000Z')
  })
})

describe('requestDueDates', () => {
  test('GDPR: one month, earlier than the 30-day promise after 31 January; two further months of extension', () => {
    const d = due('2026-01-31T09:00:00Z', 'access', ['gdpr'])
    expect(d.respondAt.toISOString()).toBe('2026-02-28T09:00:00.000Z')
    expect(d.respondRule).toBe('gdpr')
    expect(d.acknowledgeAt).toBeNull()
    expect(d.extensionLimit?.toISOString()).toBe('2026-04-28T09:00:00.000Z')
  })

  test('GDPR in March: one month (31 days) is later than the promise, so the promise binds', () => {
    const d = due('2026-03-01T00:00:00Z', 'erasure', ['gdpr'])
    expect(d.respondAt.toISOString()).toBe('2026-03-31T00:00:00.000Z')
    expect(d.respondRule).toBe('policy')
  })

  test('CCPA: acknowledge within 10 business days, answer by the promise (30 < 45 days), extend to 90 days', () => {
    const d = due('2026-05-22T15:00:00Z', 'access', ['ccpa'])
    expect(d.acknowledgeAt?.toISOString()).toBe('2026-06-08T15:00:00.000Z')
    expect(d.acknowledgeRule).toBe('ccpa')
    expect(d.respondAt.toISOString()).toBe('2026-06-21T15:00:00.000Z')
    expect(d.respondRule).toBe('policy')
    expect(d.extensionLimit?.toISOString()).toBe('2026-08-20T15:00:00.000Z')
    // With a promise longer than the law, the law's 45 days bind.
    expect(due('2026-05-22T15:00:00Z', 'access', ['ccpa'], 'P60D').respondRule).toBe('ccpa')
  })

  test('CCPA opt-out of sale or sharing: 15 business days, no extension; not applied to other requests', () => {
    const d = due('2026-11-23T12:00:00Z', 'opt_out_of_sale_or_sharing', ['ccpa', 'ccpa_opt_out'])
    expect(d.applied).toEqual(['ccpa_opt_out'])
    expect(d.respondAt.toISOString()).toBe('2026-12-15T12:00:00.000Z')
    expect(d.respondRule).toBe('ccpa_opt_out')
    expect(d.extensionLimit?.toISOString()).toBe('2026-12-15T12:00:00.000Z')
    expect(due('2026-11-23T12:00:00Z', 'access', ['ccpa_opt_out']).applied).toEqual([])
  })

  test('LGPD: 15 days for an access statement only', () => {
    const access = due('2026-02-20T00:00:00Z', 'access', ['lgpd'])
    expect(access.respondAt.toISOString()).toBe('2026-03-07T00:00:00.000Z')
    expect(access.respondRule).toBe('lgpd')
    expect(access.extensionLimit?.toISOString()).toBe('2026-03-07T00:00:00.000Z')
    expect(due('2026-02-20T00:00:00Z', 'erasure', ['lgpd']).respondRule).toBe('policy')
  })

  test('Virginia and Iowa: 45 and 90 days, the promise binds, one 45-day extension', () => {
    const va = due('2026-01-10T00:00:00Z', 'access', ['us_va'])
    expect(va.respondRule).toBe('policy')
    expect(va.extensionLimit?.toISOString()).toBe('2026-04-10T00:00:00.000Z') // 45 + 45 days
    const ia = due('2026-01-10T00:00:00Z', 'access', ['us_ia'])
    expect(ia.extensionLimit?.toISOString()).toBe('2026-05-25T00:00:00.000Z') // 90 + 45 days
  })

  test('a law not yet in force does not apply (Indiana from 1 January 2026)', () => {
    expect(due('2025-12-31T12:00:00Z', 'access', ['us_in']).applied).toEqual([])
    expect(due('2026-01-01T00:00:00Z', 'access', ['us_in']).applied).toEqual(['us_in'])
  })

  test('several laws: the earliest answer and acknowledgement, the tightest extension', () => {
    const d = due('2026-01-31T09:00:00Z', 'access', ['gdpr', 'ccpa', 'lgpd'])
    expect(d.respondRule).toBe('lgpd')
    expect(d.respondAt.toISOString()).toBe('2026-02-15T09:00:00.000Z')
    expect(d.acknowledgeRule).toBe('ccpa')
    expect(d.extensionLimit?.toISOString()).toBe('2026-02-15T09:00:00.000Z')
  })

  test('no law: the promise alone, no extension; a tie names the promise', () => {
    const d = due('2026-01-31T09:00:00Z', 'access', [])
    expect(d).toMatchObject({ respondRule: 'policy', acknowledgeAt: null, extensionLimit: undefined })
    expect(due('2026-01-01T00:00:00Z', 'access', ['us_va'], 'P45D').respondRule).toBe('policy')
  })
})

test('docs/response-clocks.md lists every clock with its citation', async () => {
  const { readFile } = await import('node:fs/promises')
  const doc = await readFile(new URL('../docs/response-clocks.md', import.meta.url), 'utf8')
  for (const c of LEGAL_CLOCKS.clocks) {
    expect(doc).toContain(`| \`${c.id}\` |`)
    expect(doc).toContain(c.source.citation)
  }
})
