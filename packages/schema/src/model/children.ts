import { z } from 'zod'
import { Text } from './primitives.js'

/**
 * The children section: no data knowingly collected below `minimumAge`.
 *
 * @example if (age < policy.children.minimumAge) refuse()
 */
export const Children = z.strictObject({
  minimumAge: z.number().int().min(0).max(21),
  statement: Text,
})
export type Children = z.infer<typeof Children>
