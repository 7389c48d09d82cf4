import type { LegalBasis, Policy, RecipientKind, RetentionRule } from '@onmion/privacy-schema'

/**
 * The format tag of an export bundle; a consumer checks it before reading the rest.
 *
 * @example bundle.format === EXPORT_FORMAT
 */
export const EXPORT_FORMAT = 'onmion.privacy.export/v1'

/**
 * One retention rule as the manifest states it.
 *
 * @example const r: ManifestRetention = { rule: 'sms_opt_out_logs', name: 'SMS opt-out logs', kind: 'minimum', duration: 'P6Y', minimum: 'P5Y' }
 */
export interface ManifestRetention {
  readonly rule: string
  readonly name: string
  readonly kind: RetentionRule['kind']
  readonly duration: string | null
  readonly minimum: string | null
}

/**
 * One data category in the manifest: what it is for, who may have received it, how long it is kept.
 *
 * @example manifest.categories.find((c) => c.id === 'identifiers')?.recipients
 */
export interface ManifestCategory {
  readonly id: string
  readonly name: string
  readonly purposes: readonly { readonly id: string; readonly name: string; readonly basis: LegalBasis }[]
  readonly recipients: readonly { readonly id: string; readonly name: string; readonly kind: RecipientKind }[]
  readonly retention: ManifestRetention
}

/**
 * One source in the manifest: which categories it holds, how many records it exported, and the
 * rule each of its record kinds is kept under.
 *
 * @example manifest.sources.find((s) => s.id === 'ledger')?.records // 12
 */
export interface ManifestSource {
  readonly id: string
  readonly categories: readonly string[]
  readonly records: number
  readonly recordKinds: readonly { readonly kind: string; readonly retention: ManifestRetention }[]
}

/**
 * The manifest of an export: whose data, under which policy version, generated when, from which
 * sources, and for each category its purposes, recipients and retention rule.
 *
 * @example const m: ExportManifest = bundle.manifest
 */
export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT
  readonly subject: string
  readonly policyVersion: string
  readonly generatedAt: string
  readonly sources: readonly ManifestSource[]
  readonly categories: readonly ManifestCategory[]
}

/**
 * An access or portability export: the manifest and each source's records, keyed by source id.
 * Plain JSON (dates as ISO strings), so `JSON.stringify` of it is the machine-readable copy.
 *
 * @example writeFileSync('export.json', JSON.stringify(bundle, null, 2))
 */
export interface ExportBundle {
  readonly format: typeof EXPORT_FORMAT
  readonly manifest: ExportManifest
  readonly records: Readonly<Record<string, readonly unknown[]>>
}

/**
 * What a source contributed to an export.
 *
 * @example const part: SourceExport = { id: 'crm', categories: ['identifiers'], recordKinds: [], records: [{ name: 'Ada' }] }
 */
export interface SourceExport {
  readonly id: string
  readonly categories: readonly string[]
  readonly recordKinds: readonly { readonly kind: string; readonly rule: string }[]
  readonly records: readonly unknown[]
}

function retentionOf(policy: Policy, ruleId: string): ManifestRetention {
  const rule = policy.retention.find((r) => r.id === ruleId)
  if (!rule) throw new RangeError(`unknown retention rule "${ruleId}"`)
  return { rule: rule.id, name: rule.name, kind: rule.kind, duration: rule.duration ?? null, minimum: rule.minimum ?? null }
}

/**
 * Builds an export bundle from what each source returned. Pure: the categories listed are those
 * the sources declare, each with the purposes that may use it, the recipients that may have
 * received it and its retention rule, all read from the policy.
 *
 * @example
 * buildExportBundle(onmionPolicy, 'u_42', new Date(), [{ id: 'crm', categories: ['identifiers'], recordKinds: [], records: [{ name: 'Ada' }] }])
 */
export function buildExportBundle(policy: Policy, subject: string, generatedAt: Date, sources: readonly SourceExport[]): ExportBundle {
  const declared = new Set(sources.flatMap((s) => s.categories))
  const categories: ManifestCategory[] = policy.dataCategories
    .filter((c) => declared.has(c.id))
    .map((c) => ({
      id: c.id,
      name: c.name,
      purposes: policy.purposes.filter((p) => p.categories.includes(c.id)).map((p) => ({ id: p.id, name: p.name, basis: p.basis })),
      recipients: policy.recipients.filter((r) => r.categories.includes(c.id)).map((r) => ({ id: r.id, name: r.name, kind: r.kind })),
      retention: retentionOf(policy, c.retention),
    }))
  const records: Record<string, readonly unknown[]> = {}
  for (const source of sources) records[source.id] = source.records
  return {
    format: EXPORT_FORMAT,
    manifest: {
      format: EXPORT_FORMAT,
      subject,
      policyVersion: policy.meta.version,
      generatedAt: generatedAt.toISOString(),
      sources: sources.map((s) => ({
        id: s.id,
        categories: [...s.categories],
        records: s.records.length,
        recordKinds: s.recordKinds.map((k) => ({ kind: k.kind, retention: retentionOf(policy, k.rule) })),
      })),
      categories,
    },
    records,
  }
}
