import { z } from 'zod'
import { IsoDuration, Text } from './primitives.js'

/**
 * The six data-subject rights of the seed (section 9).
 *
 * @example RightType.options // ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability']
 */
export const RightType = z.enum(['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'])
export type RightType = z.infer<typeof RightType>

/**
 * One right the policy grants.
 *
 * @example Right.parse({ id: 'access', name: 'Access', description: 'Get a copy of your data.' })
 */
export const Right = z.strictObject({
  id: RightType,
  name: Text,
  description: Text,
})
export type Right = z.infer<typeof Right>

/**
 * The rights section: which rights, where to send requests, how fast they are answered.
 *
 * @example const due = addDuration(receivedAt, policy.rights.deadline)
 */
export const Rights = z.strictObject({
  types: z.array(Right).min(1),
  /** Response deadline, ISO-8601 (Onmion: P30D). */
  deadline: IsoDuration,
  contact: z.email(),
  jurisdictionNote: Text,
})
export type Rights = z.infer<typeof Rights>
