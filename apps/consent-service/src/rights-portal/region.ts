import { LEGAL_CLOCKS, type ResponseClocks } from '@onmion/privacy-schema'
import type { Jurisdiction } from '@onmion/privacy-server'
import { z } from 'zod'

/**
 * Where the person lives: an ISO 3166-1 country code (`DE`), or an ISO 3166-2 subdivision for
 * the United States (`US-CA`).
 *
 * @example Region.parse('US-CA')
 */
export const Region = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be a country code (DE) or a US state (US-CA)')
  .describe('ISO 3166-1 country code, or ISO 3166-2 US state (US-CA)')
export type Region = z.infer<typeof Region>

// The EEA's members, where the GDPR's clock applies (the clock data names the place "EEA").
const EEA = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO'])

/**
 * The laws whose response clock applies to a person in `region`: every clock of the SDK's clock
 * data (`LEGAL_CLOCKS`) in force there (a member of the EEA counts as the EEA). A place no clock
 * covers gets none, and the policy's own 30 days is the deadline.
 *
 * @example jurisdictionsFor('US-CA') // ['ccpa', 'ccpa_opt_out']
 */
export function jurisdictionsFor(region: Region, clocks: ResponseClocks = LEGAL_CLOCKS): Jurisdiction[] {
  const places = EEA.has(region) ? [region, 'EEA'] : [region]
  return clocks.clocks.filter((clock) => clock.jurisdictions.some((place) => places.includes(place))).map((clock) => clock.id)
}
