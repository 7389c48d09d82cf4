import { z } from 'zod'
import { IsoDuration, Text } from './primitives.js'

/** The six data-subject rights of the seed (section 9). */
export const RightType = z.enum(['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'])
export type RightType = z.infer<typeof RightType>

/** One right the policy grants. */
export const Right = z.object({
  id: RightType,
  name: Text,
  description: Text,
})
export type Right = z.infer<typeof Right>

/** The rights section: which rights, where to send requests, how fast they are answered. */
export const Rights = z.object({
  types: z.array(Right).min(1),
  /** Response deadline, ISO-8601 (Onmion: P30D). */
  deadline: IsoDuration,
  contact: z.email(),
  jurisdictionNote: Text,
})
export type Rights = z.infer<typeof Rights>
