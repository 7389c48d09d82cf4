/**
 * The statements of the published policy: what a reader of POLICY.md reads, one sentence or list
 * item (or table row) at a time, with a stable id per section.
 */

/** One statement of the rendered policy. */
export interface Statement {
  /** `§7.sms-opt-out-logs`: the section number and a slug of the statement's first words. */
  readonly id: string
  /** The section number (`0` for the preamble, `99` for the operational defaults). */
  readonly section: number
  /** The section's heading, as rendered. */
  readonly heading: string
  /** Which kind of block it came from. */
  readonly block: 'paragraph' | 'item' | 'row' | 'quote' | 'figure'
  /** The statement's text, markdown marks removed. */
  readonly text: string
}

/** Markdown marks a reader does not see: emphasis, code ticks, footnote links, link targets. */
function plain(markdown: string): string {
  return markdown
    .replace(/\[†\]\([^)]*\)/g, '')
    // An image reads as its description.
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|`/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Sentences of a paragraph. A sentence ends at `.`, `!` or `?` followed by a space and a capital
 * or an opening quote; abbreviations the policy uses ("e.g.") never end one because a comma follows.
 */
export function sentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?][”"]?)\s+(?=[A-Z“"])/u)
    .map((s) => s.trim())
    .filter(Boolean)
}

function slug(text: string): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(' ')
    .filter(Boolean)
  return words.slice(0, 6).join('-')
}

/**
 * Splits the published policy (POLICY.md, rendered by `renderPolicy`) into statements. Headings,
 * table headers and separators are structure, not statements; a figure is one statement.
 *
 * @example
 * statementsOf(readFileSync('packages/policy/POLICY.md', 'utf8')).length // about a hundred
 */
export function statementsOf(markdown: string): Statement[] {
  const out: Statement[] = []
  const seen = new Map<string, number>()
  let section = 0
  let heading = ''
  let tableHeader = true
  let paragraph: string[] = []

  const add = (block: Statement['block'], raw: string): void => {
    const text = plain(raw)
    if (!text) return
    const base = `§${String(section)}.${slug(text)}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    out.push({ id: n === 1 ? base : `${base}-${String(n)}`, section, heading, block, text })
  }
  const flush = (): void => {
    if (paragraph.length > 0) for (const s of sentences(paragraph.join(' '))) add('paragraph', s)
    paragraph = []
  }

  for (const line of markdown.split('\n')) {
    const trimmed = line.trim()
    const h2 = /^## (?:(\d+)\. )?(.+)$/.exec(trimmed)
    if (h2) {
      flush()
      section = h2[1] === undefined ? 99 : Number(h2[1])
      heading = h2[2] ?? ''
      continue
    }
    if (trimmed.startsWith('#') || trimmed === '') {
      flush()
      tableHeader = true
      continue
    }
    if (trimmed.startsWith('- ')) {
      flush()
      add('item', trimmed.slice(2))
    } else if (trimmed.startsWith('|')) {
      flush()
      if (/^\|[\s|:-]+\|$/.test(trimmed)) continue
      if (tableHeader) {
        tableHeader = false
        continue
      }
      add('row', trimmed.slice(1, -1).split('|').map((c) => c.trim()).join(' | '))
    } else if (trimmed.startsWith('![')) {
      flush()
      add('figure', trimmed)
    } else if (trimmed.startsWith('> ')) {
      flush()
      add('quote', trimmed.slice(2))
    } else if (/^\*\*[^*]+\*\*$/.test(trimmed)) {
      // A bold line on its own ("**Cookies we use**") captions the table below it: structure.
      flush()
    } else {
      paragraph.push(trimmed)
    }
  }
  flush()
  return out
}
