import { parsePhoneNumberFromString } from 'libphonenumber-js'
import type { CountryCode } from 'libphonenumber-js'
import { invalidField } from '../errors.js'

/**
 * Normalizes a phone number to E.164 (`+14155550100`) with libphonenumber-js. Accepts what
 * providers and people send: `+1 (415) 555-0100`, Vonage's `14155550100` (international digits
 * without `+`), or a national number with `defaultCountry`. A number that cannot be parsed, or
 * whose length no numbering plan allows, is an INVALID_INPUT `PrivacyError` naming `field` (the
 * message does not repeat the value: it may be personal data). Possibility (length per country),
 * not validity, is checked: a real number in a range newer than the library's metadata must
 * still be able to opt out.
 *
 * @example
 * normalizePhone('14155550100', 'from')           // '+14155550100'
 * normalizePhone('(415) 555-0100', 'to', 'US')    // '+14155550100'
 * normalizePhone('hello', 'from')                 // throws PrivacyError INVALID_INPUT, field 'from'
 */
export function normalizePhone(value: unknown, field: string, defaultCountry?: CountryCode): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidField(field, 'must be a phone number')
  const trimmed = value.trim()
  if (trimmed.length > 64) throw invalidField(field, 'is too long to be a phone number')
  // Vonage sends international numbers as bare digits; try that reading first.
  if (/^\d{8,15}$/.test(trimmed)) {
    const international = parsePhoneNumberFromString(`+${trimmed}`)
    if (international?.isPossible() === true) return international.number
  }
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry)
  if (parsed?.isPossible() !== true) throw invalidField(field, 'is not a phone number that can be normalized to E.164')
  return parsed.number
}
