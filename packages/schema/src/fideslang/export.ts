import { byId, type Policy } from '../policy.js'
import { retentionSummary } from '../render/data-flow-svg.js'
import { FideslangMapping } from './mapping.js'
import { FideslangExport, type FidesLegalBasis, type FidesPrivacyDeclaration, type FidesSystem, type FidesTaxonomyKey } from './model.js'

const LEGAL_BASIS: Record<Policy['purposes'][number]['basis'], FidesLegalBasis> = {
  consent: 'Consent',
  contract: 'Contract',
  legal_obligation: 'Legal obligations',
  legitimate_interest: 'Legitimate interests',
}

/** A fides key for a policy id under a default parent: `user.contact` + `identifiers`. */
const extension = (parent: string, id: string): string => `${parent}.${id}`

/**
 * The policy as Fides resources (fideslang 3.1): a taxonomy manifest that extends the default
 * taxonomy with the policy's data categories and purposes (each under the default key the
 * mapping names, with the policy's name and description), and a system manifest with one system
 * for the controller's services, one privacy declaration per purpose (its categories, data use,
 * data subjects, legal basis, retention and the recipients it is shared with), and one system per
 * recipient, with an egress flow from the services to it and a declaration per purpose it
 * receives data for. The result is checked by {@link FideslangExport} before it is returned.
 *
 * Write each manifest as JSON (a YAML 1.2 document, which `fides push` reads) or YAML.
 *
 * @throws Error naming the unmapped ids when the mapping misses a category or purpose of the policy.
 * @example
 * const { taxonomy, system } = toFideslang(onmionPolicy, onmionFideslangMapping)
 * await writeFile('fides/taxonomy.yml', JSON.stringify(taxonomy, null, 2))
 */
export function toFideslang(policy: Policy, mappingInput: FideslangMapping): FideslangExport {
  const mapping = FideslangMapping.parse(mappingInput)
  const missing = [
    ...policy.dataCategories.filter((c) => mapping.dataCategories[c.id] === undefined).map((c) => `data category "${c.id}"`),
    ...policy.purposes.filter((p) => mapping.purposes[p.id] === undefined).map((p) => `purpose "${p.id}"`),
  ]
  if (missing.length > 0) throw new Error(`the fideslang mapping does not map ${missing.join(', ')}`)
  const org = { organization_fides_key: mapping.organization }
  const categoryKey = (id: string): string => extension(mapping.dataCategories[id]?.[0] ?? 'user', id)
  const useKey = (id: string): string => extension(mapping.purposes[id] ?? 'essential', id)

  const dataCategories: FidesTaxonomyKey[] = policy.dataCategories.map((c) => {
    const parent = mapping.dataCategories[c.id]?.[0] ?? 'user'
    return { fides_key: extension(parent, c.id), ...org, name: c.name, description: c.description, parent_key: parent, is_default: false }
  })
  const dataUses: FidesTaxonomyKey[] = policy.purposes.map((p) => {
    const parent = mapping.purposes[p.id] ?? 'essential'
    return { fides_key: extension(parent, p.id), ...org, name: p.name, description: p.description, parent_key: parent, is_default: false }
  })

  const recipientKey = (id: string): string => `${mapping.system}.recipient.${id}`
  const declaration = (purposeId: string, categories: readonly string[], recipients: Policy['recipients']): FidesPrivacyDeclaration => {
    const purpose = byId(policy.purposes, purposeId)
    const retention = [...new Set(categories.map((c) => byId(policy.dataCategories, c)?.retention ?? c))].map((rule) => retentionSummary(policy, rule))
    const shared = recipients.filter((r) => r.purposes.includes(purposeId) && r.categories.some((c) => categories.includes(c)))
    return {
      name: purpose?.name ?? purposeId,
      data_categories: categories.map(categoryKey),
      data_use: useKey(purposeId),
      data_subjects: [...mapping.dataSubjects],
      ...(purpose === undefined ? {} : { legal_basis_for_processing: LEGAL_BASIS[purpose.basis] }),
      retention_period: retention.join('; '),
      data_shared_with_third_parties: shared.length > 0,
      ...(shared.length > 0 ? { third_parties: shared.map((r) => r.name).join(', '), egress: shared.map((r) => recipientKey(r.id)) } : {}),
    }
  }

  const services: FidesSystem = {
    fides_key: mapping.system,
    ...org,
    name: policy.meta.scope.services.join(', '),
    description: `The services ${policy.meta.controller} provides under "${policy.meta.title}" (version ${policy.meta.version}).`,
    system_type: 'Service',
    legal_name: policy.meta.controller,
    processes_personal_data: true,
    uses_cookies: policy.cookies.declared.length > 0,
    egress: policy.recipients.map((r) => ({ fides_key: recipientKey(r.id), type: 'system' as const, data_categories: r.categories.map(categoryKey) })),
    privacy_declarations: policy.purposes.map((p) => declaration(p.id, p.categories, policy.recipients)),
  }
  const recipients: FidesSystem[] = policy.recipients.map((r) => ({
    fides_key: recipientKey(r.id),
    ...org,
    name: r.name,
    description: r.scope === undefined ? r.description : `${r.description} ${r.scope}`,
    system_type: r.kind === 'service_provider' ? 'Service provider' : r.kind === 'employer' ? 'Employer' : r.kind === 'authority' ? 'Authority' : 'Business transfer',
    processes_personal_data: true,
    privacy_declarations: r.purposes.map((purposeId) => {
      const used = byId(policy.purposes, purposeId)?.categories ?? []
      const both = r.categories.filter((c) => used.includes(c))
      return declaration(purposeId, both.length > 0 ? both : r.categories, [])
    }),
  }))
  return FideslangExport.parse({
    taxonomy: { data_category: dataCategories, data_use: dataUses },
    system: { system: [services, ...recipients] },
  })
}
