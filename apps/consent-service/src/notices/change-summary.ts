import { diffPolicies, type Policy, type PolicyChange } from '@onmion/privacy-schema'

/**
 * A plain-language summary of what changed between two policy versions, in the shape of the
 * schema package's `summarizePolicyChange(from, to)` (being written on another branch).
 *
 * @example const { material, text, html } = summarizeChange(v1, v2)
 */
export interface ChangeSummary {
  readonly material: boolean
  readonly text: string
  readonly markdown: string
  readonly html: string
  readonly changes: readonly PolicyChange[]
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * The one place the service (its change list, the announcement emails) gets a change summary
 * from. Until `summarizePolicyChange` lands in `@onmion/privacy-schema`, it words the summary from
 * `diffPolicies`' own descriptions; when it lands, this body becomes one call to it.
 *
 * @example
 * const summary = summarizeChange(previous, onmionPolicy)
 * mailer.send({ to, subject: 'Our privacy policy changed', text: summary.text, html: summary.html })
 */
export function summarizeChange(from: Policy, to: Policy): ChangeSummary {
  const diff = diffPolicies(from, to)
  const changes = diff.changes.filter((c) => c.kind !== 'release_stamp_changed')
  const intro = `Onmion's privacy policy changed from version ${from.meta.version} to ${to.meta.version} (effective ${to.meta.effectiveDate}).`
  const lines = changes.map((c) => `${c.material ? 'Important: ' : ''}${c.description}`)
  const none = 'Nothing in what we collect, why, with whom we share it or how long we keep it changed.'
  const text = [intro, '', ...(lines.length === 0 ? [none] : lines.map((l) => `- ${l}`))].join('\n')
  const markdown = [intro, '', ...(lines.length === 0 ? [none] : lines.map((l) => `- ${l}`))].join('\n')
  const html = `<p>${escapeHtml(intro)}</p>${lines.length === 0 ? `<p>${escapeHtml(none)}</p>` : `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`}`
  return { material: diff.material, text, markdown, html, changes }
}
