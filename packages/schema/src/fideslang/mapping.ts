import { z } from 'zod'
import { FidesDataCategoryKey, FidesDataSubjectKey, FidesDataUseKey, FidesKey } from './model.js'

/**
 * How a policy's ids map to fideslang's default taxonomy: each data category to the default
 * data categories it covers (the first is its parent in the taxonomy extension), each purpose to
 * one default data use (its parent), the data subjects the policy is about, and the fides keys of
 * the organization and the system. Every key must be a default key (`FIDESLANG_DEFAULT_KEYS`).
 *
 * @example
 * FideslangMapping.parse({
 *   organization: 'onmion', system: 'onmion_services', dataSubjects: ['customer'],
 *   dataCategories: { identifiers: ['user.name', 'user.contact.email'] }, purposes: { analytics: 'analytics.reporting' },
 * })
 */
export const FideslangMapping = z
  .object({
    organization: FidesKey,
    system: FidesKey,
    dataSubjects: z.array(FidesDataSubjectKey).min(1),
    dataCategories: z.record(z.string(), z.array(FidesDataCategoryKey).min(1)),
    purposes: z.record(z.string(), FidesDataUseKey),
  })
  .strict()
export type FideslangMapping = z.infer<typeof FideslangMapping>
