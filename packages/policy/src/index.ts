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

/**
 * Onmion's data categories: `'identifiers' | 'work_order_data' | ...`.
 *
 * @example function exportCategory(category: DataCategoryId) { ... }
 */
export type DataCategoryId = DataCategoryIdOf<OnmionPolicy>
/**
 * Onmion's purposes: `'service_delivery' | 'transactional_sms' | ...`.
 *
 * @example const purpose: PurposeId = 'analytics' // 'marketing' does not compile
 */
export type PurposeId = PurposeIdOf<OnmionPolicy>
/**
 * Onmion's cookie categories: `'strictly_necessary' | 'preferences' | 'analytics'`.
 *
 * @example const granted: Record<CookieCategoryId, boolean> = { strictly_necessary: true, preferences: false, analytics: false }
 */
export type CookieCategoryId = CookieCategoryIdOf<OnmionPolicy>
/**
 * Onmion's recipients: `'cloud_hosting' | 'sms_delivery' | 'employer' | ...`.
 *
 * @example decideSharing(onmionPolicy, { recipient: 'employer' satisfies RecipientId, category: 'work_order_data', purpose: 'service_delivery' })
 */
export type RecipientId = RecipientIdOf<OnmionPolicy>
/**
 * Onmion's retention rules: `'accounting_records' | 'sms_opt_out_logs' | ...`.
 *
 * @example const rule: RetentionRuleId = 'sms_opt_out_logs'
 */
export type RetentionRuleId = RetentionRuleIdOf<OnmionPolicy>
/**
 * The rights Onmion's policy grants: the six of the seed.
 *
 * @example const right: RightId = 'portability'
 */
export type RightId = RightIdOf<OnmionPolicy>

/**
 * Onmion's cookie categories, for banners and consent managers.
 *
 * @example const optional = cookieCategories.filter((c) => !c.required).map((c) => c.name) // ['Preferences', 'Analytics']
 */
export const cookieCategories: OnmionPolicy['cookies']['categories'] = onmionPolicy.cookies.categories

/**
 * The policy's version (semver); equals this package's version (a test checks it).
 *
 * @example document.cookie = `onmion_consent=${encodeURIComponent(JSON.stringify({ v: policyVersion }))}`
 */
export const policyVersion: string = onmionPolicy.meta.version
