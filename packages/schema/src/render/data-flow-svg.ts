import type { Policy } from '../policy.js'
import { escapeHtml } from './escape-html.js'
import { durationWords } from './words.js'

const COLUMN_X = [10, 355, 700] as const
const BOX_W = 290
const BOX_H = 52
const ROW = 68
const TOP = 64
const WIDTH = 1000

/** How long a category's data is kept, in words: "Usage logs: 12 months", "at least 5 years". */
export function retentionSummary(policy: Policy, ruleId: string): string {
  const rule = policy.retention.find((r) => r.id === ruleId)
  if (rule === undefined) return ruleId
  const minimum = rule.minimum === undefined ? '' : `at least ${durationWords(rule.minimum)}`
  if (rule.duration !== undefined) return `${rule.name}: ${durationWords(rule.duration)}${minimum === '' ? '' : ` (${minimum})`}`
  return minimum === '' ? rule.name : `${rule.name}: ${minimum}`
}

/** Shortens a label to fit a box (the full text is in the box's `<title>`). */
const fit = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`)

interface Box {
  readonly id: string
  readonly label: string
  readonly detail: string
  readonly x: number
  readonly y: number
}

function box(b: Box, kind: string): string {
  const title = `${b.label}${b.detail === '' ? '' : ` (${b.detail})`}`
  return [
    `<g class="${kind}" id="${kind}-${escapeHtml(b.id)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect x="${b.x}" y="${b.y}" width="${BOX_W}" height="${BOX_H}" rx="6"/>`,
    `<text x="${b.x + 10}" y="${b.y + 21}" class="label">${escapeHtml(fit(b.label, 30))}</text>`,
    b.detail === '' ? '' : `<text x="${b.x + 10}" y="${b.y + 40}" class="detail">${escapeHtml(fit(b.detail, 42))}</text>`,
    '</g>',
  ].join('')
}

function edge(from: Box, to: Box, kind: string): string {
  const x1 = from.x + BOX_W
  const y1 = from.y + BOX_H / 2
  const x2 = to.x
  const y2 = to.y + BOX_H / 2
  const mid = (x1 + x2) / 2
  return `<path class="${kind}" data-from="${escapeHtml(from.id)}" data-to="${escapeHtml(to.id)}" d="M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}"/>`
}

/**
 * The policy's data flow as a standalone SVG document: its data categories (with how long each is
 * kept) on the left, the purposes that use them in the middle, and the recipients that receive
 * data for those purposes on the right, with a line for every use and every disclosure the policy
 * declares. Plain generated SVG (no script, no external resource, every text escaped), with a
 * `<title>` and `<desc>` for screen readers; deterministic (the same policy gives the same bytes).
 *
 * @example await writeFile('data-flow.svg', renderDataFlowSvg(policy))
 */
export function renderDataFlowSvg(policy: Policy): string {
  const column = (i: 0 | 1 | 2, row: number): { x: number; y: number } => ({ x: COLUMN_X[i], y: TOP + row * ROW })
  const categories: Box[] = policy.dataCategories.map((c, i) => ({ id: c.id, label: c.name, detail: `kept: ${retentionSummary(policy, c.retention)}`, ...column(0, i) }))
  const purposes: Box[] = policy.purposes.map((p, i) => ({ id: p.id, label: p.name, detail: `basis: ${p.basis.replaceAll('_', ' ')}`, ...column(1, i) }))
  const recipients: Box[] = policy.recipients.map((r, i) => ({ id: r.id, label: r.name, detail: r.kind.replaceAll('_', ' '), ...column(2, i) }))
  const byId = (list: readonly Box[], id: string): Box | undefined => list.find((b) => b.id === id)

  const uses: string[] = []
  for (const p of policy.purposes) {
    for (const c of p.categories) {
      const from = byId(categories, c)
      const to = byId(purposes, p.id)
      if (from !== undefined && to !== undefined) uses.push(edge(from, to, 'use'))
    }
  }
  const disclosures: string[] = []
  for (const r of policy.recipients) {
    for (const p of r.purposes) {
      const from = byId(purposes, p)
      const to = byId(recipients, r.id)
      if (from !== undefined && to !== undefined) disclosures.push(edge(from, to, 'disclosure'))
    }
  }
  const rows = Math.max(categories.length, purposes.length, recipients.length)
  const height = TOP + rows * ROW + 8
  const title = `How ${policy.meta.controller} uses personal data`
  const desc = `${String(categories.length)} categories of personal data, the ${String(purposes.length)} purposes that use them, and the ${String(recipients.length)} recipients that receive data for those purposes, as "${policy.meta.title}" declares them.`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="data-flow-title data-flow-desc" font-family="system-ui, sans-serif">`,
    `<title id="data-flow-title">${escapeHtml(title)}</title>`,
    `<desc id="data-flow-desc">${escapeHtml(desc)}</desc>`,
    '<style>rect{fill:#f5f7fa;stroke:#5b6b7f}.label{font-size:14px;font-weight:600;fill:#1a1a1a}.detail{font-size:12px;fill:#44505e}path{fill:none;stroke-width:1.5;opacity:.7}path.use{stroke:#2f6fb0}path.disclosure{stroke:#b0562f}.head{font-size:15px;font-weight:700;fill:#1a1a1a}</style>',
    `<text x="${COLUMN_X[0]}" y="36" class="head">Personal data (and how long it is kept)</text>`,
    `<text x="${COLUMN_X[1]}" y="36" class="head">Purposes</text>`,
    `<text x="${COLUMN_X[2]}" y="36" class="head">Recipients</text>`,
    `<g class="uses">${uses.join('')}</g>`,
    `<g class="disclosures">${disclosures.join('')}</g>`,
    ...categories.map((b) => box(b, 'category')),
    ...purposes.map((b) => box(b, 'purpose')),
    ...recipients.map((b) => box(b, 'recipient')),
    '</svg>',
    '',
  ].join('\n')
}
