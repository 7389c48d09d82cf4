import { decideSharing, type DataCategoryId, type Policy, type PurposeId, type RecipientId, type SharingDecision } from '@onmion/privacy-schema'
import { z } from 'zod'
import { invalidInput } from './errors.js'

/**
 * A proposed disclosure, typed by the policy. `sale: true` marks an exchange for money or other
 * valuable consideration: always refused.
 *
 * @example
 * const q: ShareInput<typeof onmionPolicy> = { recipient: 'employer', category: 'work_order_data', purpose: 'service_delivery' }
 */
export interface ShareInput<P extends Policy = Policy> {
  recipient: RecipientId<P>
  category: DataCategoryId<P>
  purpose: PurposeId<P>
  sale?: boolean
}

/**
 * The answer of `canShare`: the schema's decision plus the recipient's narrowing scope, if any.
 *
 * @example
 * const { allowed, reason, scope } = privacy.canShare({ recipient: 'employer', category: 'work_order_data', purpose: 'service_delivery' })
 */
export interface ShareDecision extends SharingDecision {
  /** What of the category the recipient may receive, in words (the employer: work-order status and performance metrics only). */
  readonly scope: string | null
}

const ShareInputShape = z
  .object({ recipient: z.string().min(1), category: z.string().min(1), purpose: z.string().min(1), sale: z.boolean().optional() })
  .strict()

/**
 * May `category` be disclosed to `recipient` for `purpose`? From the policy's recipients (the
 * schema's `decideSharing`): a sale is refused with `sale_prohibited` before anything else; an
 * undeclared recipient with `unknown_recipient`; the employer receives only work-order data.
 *
 * @throws {@link PrivacyError} INVALID_INPUT for a malformed request (a field missing or not a string).
 * @example
 * canShareWith(onmionPolicy, { recipient: 'employer', category: 'usage_data', purpose: 'service_delivery' })
 * // { allowed: false, reason: 'category_not_allowed_for_recipient', scope: 'Work-order status and performance metrics only.' }
 */
export function canShareWith<P extends Policy>(policy: P, input: ShareInput<P>): ShareDecision {
  const parsed = ShareInputShape.safeParse(input)
  if (!parsed.success) throw invalidInput(parsed.error)
  const decision = decideSharing(policy, input)
  const recipient = policy.recipients.find((r) => r.id === input.recipient)
  return { ...decision, scope: recipient?.scope ?? null }
}
