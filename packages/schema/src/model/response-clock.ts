import { z } from 'zod'
import { EntityId, IsoDate, Text } from './primitives.js'
import { RightType } from './rights.js'

/**
 * How a legal clock counts: calendar days, business days (weekdays that are not holidays of
 * the clock's calendar) or calendar months (the same day of a later month, or that month's
 * last day when it has no such day: GDPR Art. 12(3) read with Regulation 1182/71 Art. 3(2)(c)).
 *
 * @example ClockUnit.parse('business_days')
 */
export const ClockUnit = z.enum(['calendar_days', 'business_days', 'calendar_months'])
export type ClockUnit = z.infer<typeof ClockUnit>

/**
 * A period of a legal clock: `{ amount: 45, unit: 'calendar_days' }`.
 *
 * @example ClockPeriod.parse({ amount: 1, unit: 'calendar_months' })
 */
export const ClockPeriod = z.object({ amount: z.number().int().min(1).max(400), unit: ClockUnit }).strict()
export type ClockPeriod = z.infer<typeof ClockPeriod>

/**
 * What a request asks for, as the laws' clocks distinguish it: one of the rights a policy can
 * grant, or a request to opt out of the sale or sharing of personal information (CCPA § 7026),
 * which has a clock of its own.
 *
 * @example RequestKind.parse('opt_out_of_sale_or_sharing')
 */
export const RequestKind = z.union([RightType, z.literal('opt_out_of_sale_or_sharing')])
export type RequestKind = z.infer<typeof RequestKind>

/**
 * Where a law applies: an ISO 3166-1 alpha-2 country (`BR`), an ISO 3166-2 subdivision
 * (`US-CA`), or `EU` / `EEA`.
 *
 * @example JurisdictionCode.parse('US-VA')
 */
export const JurisdictionCode = z.string().regex(/^(?:[A-Z]{2}(?:-[A-Z0-9]{1,3})?|EEA)$/, 'must be an ISO 3166 code ("BR", "US-CA") or "EEA"')
export type JurisdictionCode = z.infer<typeof JurisdictionCode>

/**
 * Where a legal fact comes from: the citation a lawyer would write, and a public URL.
 *
 * @example LegalSource.parse({ citation: 'GDPR Art. 12(3)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' })
 */
export const LegalSource = z.object({ citation: Text, url: z.url() }).strict()
export type LegalSource = z.infer<typeof LegalSource>

/**
 * One law's clock for answering a request: when the request must be acknowledged (if the law
 * says), when it must be answered, and the one extension the law allows (counted from the end
 * of the first period). `appliesTo` limits the clock to some kinds of request (LGPD's 15 days
 * are for the full access statement); omitted, it applies to every request. Business days are
 * counted on the calendar named by `holidays`.
 *
 * @example
 * ResponseClock.parse({
 *   id: 'gdpr', law: 'General Data Protection Regulation', jurisdictions: ['EEA'],
 *   respond: { amount: 1, unit: 'calendar_months' }, extension: { amount: 2, unit: 'calendar_months' },
 *   inForceFrom: '2018-05-25', source: { citation: 'GDPR Art. 12(3)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
 * })
 */
export const ResponseClock = z
  .object({
    id: EntityId,
    law: Text,
    jurisdictions: z.array(JurisdictionCode).min(1),
    appliesTo: z.array(RequestKind).min(1).optional(),
    acknowledge: ClockPeriod.optional(),
    respond: ClockPeriod,
    extension: ClockPeriod.optional(),
    holidays: EntityId.optional(),
    inForceFrom: IsoDate,
    source: LegalSource,
  })
  .strict()
export type ResponseClock = z.infer<typeof ResponseClock>

/**
 * The days a calendar does not count as business days besides Saturdays and Sundays (dates as
 * observed, e.g. a Saturday holiday observed on the Friday before).
 *
 * @example HolidayCalendar.parse({ id: 'us_federal', name: 'US federal holidays', dates: ['2026-01-01'], source: { citation: '5 U.S.C. § 6103', url: 'https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/' } })
 */
export const HolidayCalendar = z
  .object({ id: EntityId, name: Text, dates: z.array(IsoDate), source: LegalSource })
  .strict()
export type HolidayCalendar = z.infer<typeof HolidayCalendar>

/**
 * The legal clocks a business answers rights requests by, with the holiday calendars their
 * business days need. Ids are unique and every `holidays` reference names a calendar.
 *
 * @example const clocks = ResponseClocks.parse({ clocks: [gdpr, ccpa], holidays: [usFederal] })
 */
export const ResponseClocks = z
  .object({ clocks: z.array(ResponseClock), holidays: z.array(HolidayCalendar) })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>()
    for (const [i, clock] of value.clocks.entries()) {
      if (seen.has(clock.id)) ctx.addIssue({ code: 'custom', path: ['clocks', i, 'id'], message: `duplicate clock id "${clock.id}"` })
      seen.add(clock.id)
      const usesBusinessDays = [clock.acknowledge, clock.respond, clock.extension].some((p) => p?.unit === 'business_days')
      if (clock.holidays === undefined && usesBusinessDays) ctx.addIssue({ code: 'custom', path: ['clocks', i, 'holidays'], message: 'a clock counted in business days names its holiday calendar' })
      if (clock.holidays !== undefined && !value.holidays.some((h) => h.id === clock.holidays)) {
        ctx.addIssue({ code: 'custom', path: ['clocks', i, 'holidays'], message: `no holiday calendar "${clock.holidays}"` })
      }
    }
  })
export type ResponseClocks = z.infer<typeof ResponseClocks>
