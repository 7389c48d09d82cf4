import { z } from 'zod'
import { EntityId, OperationalDefaults, Text } from './primitives.js'

/**
 * Where a category's data comes from (seed section 2).
 *
 * @example DataSource.parse('employer')
 */
export const DataSource = z.enum(['user', 'employer', 'automatic'])
export type DataSource = z.infer<typeof DataSource>

/**
 * How much harm a disclosure would do; drives encryption and access decisions.
 *
 * @example Sensitivity.options // ['low', 'moderate', 'high']
 */
export const Sensitivity = z.enum(['low', 'moderate', 'high'])
export type Sensitivity = z.infer<typeof Sensitivity>

/**
 * A category of personal data the policy says is collected.
 *
 * @example DataCategory.parse({ id: 'usage_data', name: 'Usage data', description: 'Collected automatically.', examples: ['IP address'], sources: ['automatic'], sensitivity: 'moderate', retention: 'usage_logs' })
 */
export const DataCategory = z.strictObject({
  id: EntityId,
  name: Text,
  description: Text,
  examples: z.array(Text).min(1),
  sources: z.array(DataSource).min(1),
  sensitivity: Sensitivity,
  /** Id of the retention rule that governs this category's records. */
  retention: EntityId,
  operationalDefaults: OperationalDefaults,
})
export type DataCategory = z.infer<typeof DataCategory>
