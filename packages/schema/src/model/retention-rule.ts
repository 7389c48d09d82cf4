import { z } from 'zod'
import { EntityId, IsoDuration, OperationalDefaults, Text } from './primitives.js'

/**
 * How long records are kept (seed section 7).
 * - `fixed`: kept for `duration`, then deleted (accounting records: P7Y).
 * - `minimum`: never deleted before `minimum` (SMS opt-out logs: P5Y); `duration`, if given,
 *   is when deletion becomes due.
 * - `purpose_bound`: kept while the purpose needs it; `duration` is the operational bound.
 * A `minimum` is a floor that nothing (erasure, a shorter rule) may cut through.
 *
 * @example RetentionRule.parse({ id: 'sms_opt_out_logs', name: 'SMS opt-out logs', description: 'At least five years.', kind: 'minimum', minimum: 'P5Y' })
 */
export const RetentionRule = z.strictObject({
  id: EntityId,
  name: Text,
  description: Text,
  kind: z.enum(['fixed', 'minimum', 'purpose_bound']),
  duration: IsoDuration.optional(),
  minimum: IsoDuration.optional(),
  /** Why the period exists (a law, a carrier audit). */
  reason: Text.optional(),
  operationalDefaults: OperationalDefaults,
})
export type RetentionRule = z.infer<typeof RetentionRule>
