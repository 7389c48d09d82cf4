import { z } from 'zod'
import { EntityId, Text } from './primitives.js'

/** A declared security control (seed section 8). */
export const SecurityControl = z.object({ id: EntityId, name: Text, description: Text })
export type SecurityControl = z.infer<typeof SecurityControl>

/** The security section. */
export const Security = z.object({
  controls: z.array(SecurityControl).min(1),
  frameworks: z.array(Text).default([]),
  disclaimer: Text,
})
export type Security = z.infer<typeof Security>
