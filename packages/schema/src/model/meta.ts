import { z } from 'zod'
import { E164Phone, IsoDate, OperationalDefaults, SemVer, Text } from './primitives.js'

/**
 * Who the policy is for, its version and how to reach the controller.
 *
 * @example policy.meta.version // '1.0.0'
 */
export const Meta = z.strictObject({
  title: Text,
  controller: Text,
  version: SemVer,
  effectiveDate: IsoDate,
  scope: z.strictObject({
    sites: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain name')).min(1),
    services: z.array(Text).min(1),
    channels: z.array(Text).min(1),
  }),
  contact: z.strictObject({
    privacy: z.email(),
    support: z.email(),
    phone: E164Phone,
  }),
  changes: z.strictObject({
    description: Text,
    /** How material changes are announced. */
    announcedVia: z.array(z.enum(['site', 'email'])).min(1),
  }),
  operationalDefaults: OperationalDefaults,
})
export type Meta = z.infer<typeof Meta>
