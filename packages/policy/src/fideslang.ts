import type { FideslangMapping } from '@onmion/privacy-schema'
import type { DataCategoryId, PurposeId } from './index.js'

/**
 * Onmion's policy mapped to fideslang's default taxonomy (3.1): the one table the
 * `policy export --format fideslang` command and `toFideslang` read. Each category maps to the
 * default categories it covers (the first is the parent of its extension key); each purpose to
 * one default data use. The keys are typed by the policy's ids, so a new category or purpose does
 * not compile until it is mapped here; a test checks every key against fideslang's default
 * taxonomy and that the export validates.
 *
 * Reviewed choices: work-order data sits under `user.workplace` (it is about the person's work);
 * cookies under `user.device` (cookie ids and what they store); in-app content under
 * `user.content.private`; security monitoring is `essential.service.security`; debugging and
 * fraud prevention is `essential.fraud_detection` (fideslang has no debugging use);
 * Onmion's users are `customer`s (account holders), `employee`s (field workers whose employer is
 * the customer) and site `visitor`s.
 *
 * @example toFideslang(onmionPolicy, onmionFideslangMapping)
 */
export const onmionFideslangMapping = {
  organization: 'onmion',
  system: 'onmion_services',
  dataSubjects: ['customer', 'employee', 'visitor'],
  dataCategories: {
    identifiers: ['user.contact', 'user.name', 'user.contact.email', 'user.contact.address', 'user.contact.phone_number', 'user.authorization.credentials'],
    work_order_data: ['user.workplace', 'user.location.precise'],
    usage_data: ['user.device', 'user.device.ip_address', 'user.device.device_id', 'user.behavior.browsing_history', 'user.telemetry'],
    cookie_data: ['user.device', 'user.device.cookie_id', 'user.device.cookie'],
    in_app_content: ['user.content.private'],
  } satisfies Record<DataCategoryId, string[]>,
  purposes: {
    service_delivery: 'essential.service',
    transactional_sms: 'essential.service.notifications.sms',
    transactional_email: 'essential.service.notifications.email',
    customer_support: 'essential.service.operations.support',
    security_monitoring: 'essential.service.security',
    analytics: 'analytics.reporting',
    debugging_fraud_prevention: 'essential.fraud_detection',
    legal_compliance: 'essential.legal_obligation',
  } satisfies Record<PurposeId, string>,
} satisfies FideslangMapping
