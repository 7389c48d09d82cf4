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

// The EEA, where the GDPR applies, and the United Kingdom, whose UK GDPR keeps Art. 12(3)'s month.
const GDPR_REGIONS = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'GB'])

/**
 * The laws whose response clock applies to a person in `region`, among those the server SDK
 * knows: the GDPR in the EEA and the UK, the CCPA in California; elsewhere none, and the policy's
 * own 30 days is the deadline. (The clocks of the other US states and Brazil's LGPD come with
 * the SDK's clocks-as-data work; this table then grows with them.)
 *
 * @example jurisdictionsFor('US-CA') // ['ccpa']
 */
export function jurisdictionsFor(region: Region): Jurisdiction[] {
  if (GDPR_REGIONS.has(region)) return ['gdpr']
  if (region === 'US-CA') return ['ccpa']
  return []
}
