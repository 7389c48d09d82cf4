import type { DataCategoryId, Policy, PurposeId, RecipientId } from './policy.js'

/**
 * Reasons a disclosure decision can give; only `allowed` allows.
 *
 * @example if (decideSharing(policy, request).reason === SharingReason.sale_prohibited) refuse()
 */
export const SharingReason = {
  allowed: 'allowed',
  sale_prohibited: 'sale_prohibited',
  unknown_recipient: 'unknown_recipient',
  category_not_allowed_for_recipient: 'category_not_allowed_for_recipient',
  purpose_not_allowed_for_recipient: 'purpose_not_allowed_for_recipient',
  category_not_allowed_for_purpose: 'category_not_allowed_for_purpose',
} as const
export type SharingReason = (typeof SharingReason)[keyof typeof SharingReason]

/**
 * A proposed disclosure. `sale: true` marks an exchange for money or other valuable consideration.
 *
 * @example const request: SharingRequest<typeof onmionPolicy> = { recipient: 'employer', category: 'work_order_data', purpose: 'service_delivery' }
 */
export interface SharingRequest<P extends Policy = Policy> {
  recipient: RecipientId<P>
  category: DataCategoryId<P>
  purpose: PurposeId<P>
  sale?: boolean
}

/**
 * Whether the disclosure is allowed, and why.
 *
 * @example const { allowed, reason }: SharingDecision = decideSharing(policy, request)
 */
export interface SharingDecision {
  readonly allowed: boolean
  readonly reason: SharingReason
}

/**
 * May `category` be disclosed to `recipient` for `purpose`? Only what the policy's recipients
 * section lists is allowed, and only for a purpose that may use the category at all (a
 * disclosure is processing for that purpose); a sale is refused always
 * (`sellsPersonalInformation` is false by schema), before anything else is looked at.
 *
 * @example
 * decideSharing(onmionPolicy, { recipient: 'employer', category: 'usage_data', purpose: 'service_delivery' })
 * // { allowed: false, reason: 'category_not_allowed_for_recipient' }
 */
export function decideSharing<P extends Policy>(policy: P, request: SharingRequest<P>): SharingDecision {
  if (request.sale === true) return { allowed: false, reason: 'sale_prohibited' }
  const recipient = policy.recipients.find((r) => r.id === request.recipient)
  if (!recipient) return { allowed: false, reason: 'unknown_recipient' }
  if (!recipient.categories.includes(request.category)) return { allowed: false, reason: 'category_not_allowed_for_recipient' }
  if (!recipient.purposes.includes(request.purpose)) return { allowed: false, reason: 'purpose_not_allowed_for_recipient' }
  const purpose = policy.purposes.find((p) => p.id === request.purpose)
  if (!purpose?.categories.includes(request.category)) return { allowed: false, reason: 'category_not_allowed_for_purpose' }
  return { allowed: true, reason: 'allowed' }
}
