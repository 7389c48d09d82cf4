import type { Policy } from '../policy.js'
import { policyDocument } from './document.js'
import { toHtml } from './html.js'
import { toMarkdown } from './markdown.js'

/**
 * The formats {@link renderPolicy} writes.
 *
 * @example const format: RenderFormat = 'html'
 */
export type RenderFormat = 'markdown' | 'html'

/**
 * Options of {@link renderPolicy}.
 *
 * @example renderPolicy(policy, { format: 'markdown' } satisfies RenderOptions)
 */
export interface RenderOptions {
  readonly format: RenderFormat
  /**
   * Markdown only: where the data-flow diagram (`renderDataFlowSvg`) is published beside the
   * document (`data-flow.svg`); the Markdown links it as an image. Without it the Markdown has
   * no diagram (Markdown cannot carry SVG inline); HTML always inlines it.
   */
  readonly dataFlowHref?: string
}

/**
 * Renders the human-readable privacy policy from the data alone: every section in the seed's
 * order (1. Scope to 12. Contact us), with the cookie table, the retention table, the rights,
 * and the Do Not Track and Global Privacy Control statements. Values listed in an entity's
 * `operationalDefaults` carry a † that points to a note: "operational default, not a policy
 * statement".
 *
 * `markdown` is GitHub-flavoured Markdown with every character that could start markup escaped.
 * `html` is a standalone document (doctype, `lang`, UTF-8, a small inline style, no external
 * resources) with all text escaped, one `h1`, numbered `h2` sections and captioned tables.
 * Section 3 carries the data-flow diagram (`renderDataFlowSvg`): inline SVG in HTML, an
 * image linking `dataFlowHref` in Markdown (none without it).
 * Both are deterministic: the same policy gives the same bytes.
 *
 * @example
 * import { writeFile } from 'node:fs/promises'
 * await writeFile('POLICY.md', renderPolicy(policy, { format: 'markdown' }))
 * await writeFile('privacy.html', renderPolicy(policy, { format: 'html' }))
 */
export function renderPolicy(policy: Policy, options: RenderOptions): string {
  const blocks = policyDocument(policy, options.dataFlowHref)
  return options.format === 'html' ? toHtml(blocks, policy.meta.title) : toMarkdown(blocks)
}
