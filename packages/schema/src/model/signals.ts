import { z } from 'zod'
import { EntityId, Text } from './primitives.js'

/**
 * How the sites respond to browser privacy signals (seed section 10).
 *
 * @example if (policy.signals.globalPrivacyControl.honored && gpcSignal) refuse(policy.signals.globalPrivacyControl.refuses)
 */
export const Signals = z.strictObject({
  doNotTrack: z.strictObject({ honored: z.boolean(), statement: Text }),
  globalPrivacyControl: z.strictObject({
    honored: z.boolean(),
    /** Cookie categories a GPC signal refuses when honored. */
    refuses: z.array(EntityId).default([]),
    statement: Text,
    /** Shown when a signal was received and honored (California's "Opt-Out Request Honored", § 7025(c)(6)). */
    honoredLabel: Text.optional(),
  }),
})
export type Signals = z.infer<typeof Signals>
