import { z } from 'zod'
import { EntityId, OperationalDefaults, Text } from './primitives.js'

/**
 * The kinds of recipient the seed names in section 5.
 *
 * @example RecipientKind.parse('employer')
 */
export const RecipientKind = z.enum(['service_provider', 'employer', 'authority', 'business_transfer'])
export type RecipientKind = z.infer<typeof RecipientKind>

/**
 * Someone personal data may be disclosed to, and what they may receive.
 *
 * @example Recipient.parse({ id: 'sms_delivery', name: 'SMS delivery provider', kind: 'service_provider', description: 'Delivers texts.', examples: ['Vonage'], categories: ['identifiers'], purposes: ['transactional_sms'] })
 */
export const Recipient = z.strictObject({
  id: EntityId,
  name: Text,
  kind: RecipientKind,
  description: Text,
  /** Named examples (e.g. "Vonage" for SMS delivery). */
  examples: z.array(Text).default([]),
  categories: z.array(EntityId).min(1),
  purposes: z.array(EntityId).min(1),
  /** Narrows what of the categories is shared, in words (the employer: status and metrics). */
  scope: Text.optional(),
  operationalDefaults: OperationalDefaults,
})
export type Recipient = z.infer<typeof Recipient>
