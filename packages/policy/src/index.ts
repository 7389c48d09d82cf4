import type {
  CookieCategoryId as CookieCategoryIdOf,
  DataCategoryId as DataCategoryIdOf,
  PurposeId as PurposeIdOf,
  RecipientId as RecipientIdOf,
  RetentionRuleId as RetentionRuleIdOf,
  RightId as RightIdOf,
} from '@onmion/privacy-schema'
import { onmionPolicy, type OnmionPolicy } from './onmion-policy.js'

export { onmionPolicy }
export type { OnmionPolicy }

/** Onmion's data categories: `'identifiers' | 'work_order_data' | ...`. */
export type DataCategoryId = DataCategoryIdOf<OnmionPolicy>
/** Onmion's purposes: `'service_delivery' | 'transactional_sms' | ...`. */
export type PurposeId = PurposeIdOf<OnmionPolicy>
/** Onmion's cookie categories: `'strictly_necessary' | 'preferences' | 'analytics'`. */
export type CookieCategoryId = CookieCategoryIdOf<OnmionPolicy>
/** Onmion's recipients: `'cloud_hosting' | 'sms_delivery' | 'employer' | ...`. */
export type RecipientId = RecipientIdOf<OnmionPolicy>
/** Onmion's retention rules. */
export type RetentionRuleId = RetentionRuleIdOf<OnmionPolicy>
/** The rights Onmion's policy grants. */
export type RightId = RightIdOf<OnmionPolicy>

/** Onmion's cookie categories, for banners and consent managers. */
export const cookieCategories: OnmionPolicy['cookies']['categories'] = onmionPolicy.cookies.categories

/** The policy's version (semver); equals this package's version. */
export const policyVersion: string = onmionPolicy.meta.version
