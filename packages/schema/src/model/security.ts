import { z } from 'zod'
import { EntityId, Text } from './primitives.js'

/**
 * A declared security control (seed section 8).
 *
 * @example SecurityControl.parse({ id: 'tls_in_transit', name: 'TLS encryption in transit', description: 'Data in transit is encrypted.' })
 */
export const SecurityControl = z.strictObject({ id: EntityId, name: Text, description: Text })
export type SecurityControl = z.infer<typeof SecurityControl>

/**
 * The security section.
 *
 * @example policy.security.controls.map((c) => c.name)
 */
export const Security = z.strictObject({
  controls: z.array(SecurityControl).min(1),
  frameworks: z.array(Text).default([]),
  disclaimer: Text,
})
export type Security = z.infer<typeof Security>
