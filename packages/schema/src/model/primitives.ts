import { z } from 'zod'

/**
 * A stable snake_case identifier for a policy entity (category, purpose, recipient, ...).
 *
 * @example EntityId.parse('work_order_data') // 'Work Orders' is refused
 */
export const EntityId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be snake_case: a lowercase letter, then lowercase letters, digits or "_" (at most 63)')
export type EntityId = z.infer<typeof EntityId>

const ISO_DURATION = /^P(?!$)(?:(\d{1,5})Y)?(?:(\d{1,5})M)?(?:(\d{1,5})W)?(?:(\d{1,5})D)?(?:T(?!$)(?:(\d{1,5})H)?(?:(\d{1,5})M)?(?:(\d{1,5})S)?)?$/

/**
 * An ISO-8601 duration of whole units (`P7Y`, `P30D`, `P1Y6M`, `PT12H`). Fractions are
 * refused: retention is counted in calendar units, and a fraction of a month has no calendar
 * meaning. Each part has at most 5 digits, so that any sum of them from any date of this
 * millennium stays a representable date.
 *
 * @example IsoDuration.parse('P7Y') // 'P7Y'
 */
export const IsoDuration = z.string().regex(ISO_DURATION, 'must be an ISO-8601 duration of whole units (at most 5 digits each), e.g. "P7Y" or "P30D"')
export type IsoDuration = z.infer<typeof IsoDuration>

/** The duration pattern, shared with the retention arithmetic that parses it. */
export const ISO_DURATION_PATTERN: RegExp = ISO_DURATION

/**
 * An E.164 phone number: `+` and 7 to 15 digits, the first not 0. One rule for the policy's
 * contact numbers and the numbers the server records.
 *
 * @example E164Phone.parse('+15551234567')
 */
export const E164Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number, e.g. "+15551234567"')
export type E164Phone = z.infer<typeof E164Phone>

/**
 * A semantic version (`1.4.0`, `2.0.0-rc.1`).
 *
 * @example SemVer.parse('1.4.0')
 */
export const SemVer = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'must be a semantic version, e.g. "1.0.0"')
export type SemVer = z.infer<typeof SemVer>

/**
 * A calendar date `YYYY-MM-DD`.
 *
 * @example IsoDate.parse('2026-01-01')
 */
export const IsoDate = z.iso.date()
export type IsoDate = z.infer<typeof IsoDate>

/**
 * Human-readable text shown to people; never empty.
 *
 * @example Text.parse('  Analytics ') // 'Analytics'
 */
export const Text = z.string().trim().min(1, 'must not be empty')
export type Text = z.infer<typeof Text>

/**
 * Names of fields whose value the seed policy leaves open and the data fills with a reasonable
 * operational choice. Rendering marks them, so nobody mistakes an operational default for a
 * promise the policy makes.
 *
 * @example ({ lifetime: 'P1Y', operationalDefaults: ['lifetime'] }) // the lifetime is an operational choice, rendered with a †
 */
export const OperationalDefaults = z.array(z.string()).default([])
export type OperationalDefaults = z.infer<typeof OperationalDefaults>
