import { z } from 'zod'
import { EntityId, OperationalDefaults, Text } from './primitives.js'

/**
 * The legal basis a purpose rests on (GDPR Art. 6(1) b, a, f, c).
 *
 * @example LegalBasis.options // ['contract', 'consent', 'legitimate_interest', 'legal_obligation']
 */
export const LegalBasis = z.enum(['contract', 'consent', 'legitimate_interest', 'legal_obligation'])
export type LegalBasis = z.infer<typeof LegalBasis>

/**
 * A purpose personal data is processed for (seed section 3).
 *
 * @example Purpose.parse({ id: 'analytics', name: 'Analytics', description: 'Measure traffic.', basis: 'consent', categories: ['usage_data'], objectable: false })
 */
export const Purpose = z.strictObject({
  id: EntityId,
  name: Text,
  description: Text,
  basis: LegalBasis,
  /** Data categories this purpose may use; any other category is denied. */
  categories: z.array(EntityId).min(1),
  /** Whether the subject may object (the right to object applies to legitimate interest). */
  objectable: z.boolean(),
  operationalDefaults: OperationalDefaults,
})
export type Purpose = z.infer<typeof Purpose>
