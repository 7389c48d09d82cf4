import { z } from 'zod'

// The parts of fideslang's model the export writes, encoded from the Python source of
// ethyca/fideslang 3.1.1 (src/fideslang/models.py, validation.py and data_files/*.yml, checked
// 2026-12-06): fideslang is Python (pydantic) and publishes no JSON Schema or npm package.
// Fields the export does not write are left to fideslang's defaults and not encoded here.

/**
 * A fides key: `validation.py` `FIDES_KEY_PATTERN = r"^[a-zA-Z0-9_.<>-]+$"`.
 *
 * @example FidesKey.parse('user.contact.email')
 */
export const FidesKey = z.string().regex(/^[a-zA-Z0-9_.<>-]+$/, 'must be a fides key: letters, digits, "_", ".", "<", ">" or "-"')
export type FidesKey = z.infer<typeof FidesKey>

/**
 * The keys of fideslang's default taxonomy (3.1.1, `data_files/*.yml`) that a mapping may use:
 * the data categories, data uses and data subjects. A mapping to a key not listed here is
 * refused, so an export never names a key a Fides server does not know.
 *
 * @example FIDESLANG_DEFAULT_KEYS.data_use.includes('essential.service') // true
 */
export const FIDESLANG_DEFAULT_KEYS = {
  data_category: [
    'user', 'user.account', 'user.account.settings', 'user.account.username', 'user.authorization', 'user.authorization.credentials', 'user.behavior',
    'user.behavior.browsing_history', 'user.behavior.purchase_history', 'user.contact', 'user.contact.address', 'user.contact.email', 'user.contact.phone_number',
    'user.content', 'user.content.private', 'user.content.public', 'user.device', 'user.device.cookie', 'user.device.cookie_id', 'user.device.device_id',
    'user.device.ip_address', 'user.financial', 'user.job_title', 'user.location', 'user.location.imprecise', 'user.location.precise', 'user.name',
    'user.payment', 'user.privacy_preferences', 'user.telemetry', 'user.unique_id', 'user.unique_id.pseudonymous', 'user.workplace',
  ],
  data_use: [
    'analytics', 'analytics.reporting', 'analytics.reporting.system', 'analytics.reporting.system.performance', 'essential', 'essential.fraud_detection',
    'essential.legal_obligation', 'essential.service', 'essential.service.authentication', 'essential.service.notifications', 'essential.service.notifications.email',
    'essential.service.notifications.sms', 'essential.service.operations', 'essential.service.operations.improve', 'essential.service.operations.support',
    'essential.service.payment_processing', 'essential.service.security', 'functional', 'functional.service', 'functional.service.improve', 'functional.storage',
    'marketing', 'marketing.communications',
  ],
  data_subject: ['anonymous_user', 'customer', 'employee', 'prospect', 'visitor', 'consultant', 'supplier_vendor', 'trainee'],
} as const

const known = (kind: keyof typeof FIDESLANG_DEFAULT_KEYS) =>
  FidesKey.refine((key) => (FIDESLANG_DEFAULT_KEYS[kind] as readonly string[]).includes(key), { message: `must be a key of fideslang's default ${kind} taxonomy` })

/**
 * A default-taxonomy data category key (`user.contact.email`).
 *
 * @example FidesDataCategoryKey.parse('user.device.ip_address')
 */
export const FidesDataCategoryKey = known('data_category')
export type FidesDataCategoryKey = z.infer<typeof FidesDataCategoryKey>
/**
 * A default-taxonomy data use key (`essential.service`).
 *
 * @example FidesDataUseKey.parse('analytics.reporting')
 */
export const FidesDataUseKey = known('data_use')
export type FidesDataUseKey = z.infer<typeof FidesDataUseKey>
/**
 * A default-taxonomy data subject key (`customer`).
 *
 * @example FidesDataSubjectKey.parse('employee')
 */
export const FidesDataSubjectKey = known('data_subject')
export type FidesDataSubjectKey = z.infer<typeof FidesDataSubjectKey>

/**
 * `models.py` `LegalBasisForProcessingEnum` (GDPR Art. 6).
 *
 * @example FidesLegalBasis.parse('Legitimate interests')
 */
export const FidesLegalBasis = z.enum(['Consent', 'Contract', 'Legal obligations', 'Vital interests', 'Public interest', 'Legitimate interests'])
export type FidesLegalBasis = z.infer<typeof FidesLegalBasis>

/**
 * `models.py` `DataFlow`: a system, dataset or `user` the system sends data to or receives it from.
 *
 * @example FidesDataFlow.parse({ fides_key: 'user', type: 'user' })
 */
export const FidesDataFlow = z
  .object({ fides_key: FidesKey, type: z.enum(['dataset', 'system', 'user']), data_categories: z.array(FidesKey).optional() })
  .strict()
  .refine((flow) => (flow.fides_key === 'user') === (flow.type === 'user'), { message: "the 'user' fides_key is required for, and requires, the type 'user'" })
export type FidesDataFlow = z.infer<typeof FidesDataFlow>

/**
 * `models.py` `PrivacyDeclaration` (the fields the export writes).
 *
 * @example FidesPrivacyDeclaration.parse({ name: 'Analytics', data_categories: ['user.device.ip_address'], data_use: 'analytics.reporting', data_subjects: ['customer'] })
 */
export const FidesPrivacyDeclaration = z
  .object({
    name: z.string().optional(),
    // Default keys, or extension keys the taxonomy manifest defines (checked by FideslangExport).
    data_categories: z.array(FidesKey).min(1),
    data_use: FidesKey,
    data_subjects: z.array(FidesDataSubjectKey),
    egress: z.array(FidesKey).optional(),
    legal_basis_for_processing: FidesLegalBasis.optional(),
    retention_period: z.string().optional(),
    data_shared_with_third_parties: z.boolean().optional(),
    third_parties: z.string().optional(),
  })
  .strict()
export type FidesPrivacyDeclaration = z.infer<typeof FidesPrivacyDeclaration>

/**
 * `models.py` `System` (the fields the export writes; `FidesModel` gives `fides_key`,
 * `organization_fides_key`, `name`, `description`).
 *
 * @example FidesSystem.parse({ fides_key: 'onmion', name: 'Onmion', system_type: 'Service', privacy_declarations: [] })
 */
export const FidesSystem = z
  .object({
    fides_key: FidesKey,
    organization_fides_key: FidesKey.optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    system_type: z.string(),
    egress: z.array(FidesDataFlow).optional(),
    privacy_declarations: z.array(FidesPrivacyDeclaration),
    privacy_policy: z.url().optional(),
    legal_name: z.string().optional(),
    processes_personal_data: z.boolean().optional(),
    uses_cookies: z.boolean().optional(),
  })
  .strict()
export type FidesSystem = z.infer<typeof FidesSystem>

/**
 * `models.py` `DataCategory` / `DataUse` (`FidesModel` + `DefaultModel`): a key of the taxonomy.
 * An extension key names its parent, which must be the key less its last segment
 * (`validation.py` `matching_parent_key`); the export writes extension keys only (`is_default:
 * false`) under parents of the default taxonomy.
 *
 * @example FidesTaxonomyKey.parse({ fides_key: 'user.contact.onmion_identifiers', name: 'Identifiers', parent_key: 'user.contact', is_default: false })
 */
export const FidesTaxonomyKey = z
  .object({ fides_key: FidesKey, organization_fides_key: FidesKey.optional(), name: z.string().optional(), description: z.string().optional(), parent_key: FidesKey.nullable(), is_default: z.boolean() })
  .strict()
  .refine((entry) => entry.parent_key === (entry.fides_key.includes('.') ? entry.fides_key.slice(0, entry.fides_key.lastIndexOf('.')) : null), {
    message: 'parent_key must be the fides_key less its last segment',
    path: ['parent_key'],
  })
export type FidesTaxonomyKey = z.infer<typeof FidesTaxonomyKey>

/**
 * A fides manifest file (`models.py` `Taxonomy`): resource lists under their singular keys.
 * The taxonomy manifest extends `data_category` and `data_use` under default parents; the system
 * manifest lists `system` resources. Every parent of an extension key is a default key.
 *
 * @example FidesManifest.parse({ system: [system] })
 */
export const FidesManifest = z
  .object({
    data_category: z.array(FidesTaxonomyKey.refine((e) => (FIDESLANG_DEFAULT_KEYS.data_category as readonly string[]).includes(e.parent_key ?? ''), { message: 'the parent must be a default data category', path: ['parent_key'] })).optional(),
    data_use: z.array(FidesTaxonomyKey.refine((e) => (FIDESLANG_DEFAULT_KEYS.data_use as readonly string[]).includes(e.parent_key ?? ''), { message: 'the parent must be a default data use', path: ['parent_key'] })).optional(),
    system: z.array(FidesSystem).optional(),
  })
  .strict()
export type FidesManifest = z.infer<typeof FidesManifest>

const isDefault = (kind: 'data_category' | 'data_use', key: string): boolean => (FIDESLANG_DEFAULT_KEYS[kind] as readonly string[]).includes(key)

/**
 * What `toFideslang` writes: the taxonomy manifest (extension keys) and the system manifest,
 * checked together as a Fides server would load them: every data category and data use a
 * declaration names is a default key or an extension key of the taxonomy manifest, and every
 * system an egress names is in the system manifest.
 *
 * @example FideslangExport.parse(toFideslang(onmionPolicy, onmionFideslangMapping))
 */
export const FideslangExport = z
  .object({ taxonomy: FidesManifest, system: FidesManifest })
  .strict()
  .superRefine((value, ctx) => {
    const categories = new Set(value.taxonomy.data_category?.map((c) => c.fides_key))
    const uses = new Set(value.taxonomy.data_use?.map((u) => u.fides_key))
    const systems = new Set(value.system.system?.map((s) => s.fides_key))
    for (const [i, system] of (value.system.system ?? []).entries()) {
      for (const [j, declaration] of system.privacy_declarations.entries()) {
        const path = ['system', 'system', i, 'privacy_declarations', j]
        for (const [k, key] of declaration.data_categories.entries()) {
          if (!isDefault('data_category', key) && !categories.has(key)) ctx.addIssue({ code: 'custom', path: [...path, 'data_categories', k], message: `unknown data category "${key}"` })
        }
        if (!isDefault('data_use', declaration.data_use) && !uses.has(declaration.data_use)) ctx.addIssue({ code: 'custom', path: [...path, 'data_use'], message: `unknown data use "${declaration.data_use}"` })
      }
      for (const [j, flow] of (system.egress ?? []).entries()) {
        if (flow.type === 'system' && !systems.has(flow.fides_key)) ctx.addIssue({ code: 'custom', path: ['system', 'system', i, 'egress', j], message: `unknown system "${flow.fides_key}"` })
      }
    }
  })
export type FideslangExport = z.infer<typeof FideslangExport>
