import { NOTE_ID, NOTE_TEXT, hasNotes, type Block, type Inline } from './document.js'

// Every character that could start markup inline: escaped, so the data can never add a link,
// an image, raw HTML, an entity or emphasis to the page that renders this file. Parentheses and
// "!" need no escape: with "[" and "]" escaped they cannot form a link or an image.
const INLINE_SPECIAL = /[\\`*_[\]<>#|~&]/g

/** One line of text: whitespace runs (newlines included) become one space. */
const flat = (text: string): string => text.replace(/\s+/g, ' ')

function escapeText(text: string): string {
  return flat(text).replace(INLINE_SPECIAL, (c) => `\\${c}`)
}

function codeSpan(text: string): string {
  const content = flat(text)
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${content}${pad}${fence}`
}

function inline(content: readonly Inline[]): string {
  return content
    .map((part) => {
      if (typeof part === 'string') return escapeText(part)
      let text = part.code === true ? codeSpan(part.text) : escapeText(part.text)
      if (part.strong === true && text !== '') text = `**${text}**`
      return part.note === true ? `${text}[†](#${NOTE_ID})` : text
    })
    .join('')
}

// A line that starts like a list item or a numbered list item would become one.
const blockStart = (line: string): string => line.replace(/^(\s*)([-+=]|\d+[.)])/, (_, space: string, mark: string) => `${space}${mark.replace(/([-+=.)])$/, '\\$1')}`)

/** One line of plain text as Markdown: inline markup escaped, and a list or heading start defused. */
export function escapeMarkdown(text: string): string {
  return blockStart(escapeText(text)).replace(/^#/, '\\#')
}

/** Prints the blocks as GitHub-flavoured Markdown. */
export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = []
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${escapeText(block.text)}`)
        break
      case 'paragraph':
        out.push(blockStart(inline(block.content)))
        break
      case 'figure':
        if (block.href !== undefined) out.push(`![${escapeText(block.caption)}](${block.href.replace(/[()\s]/g, encodeURIComponent)})`)
        break
      case 'quote':
        out.push(`> ${inline(block.content)}`)
        break
      case 'list':
        out.push(block.items.map((item) => `- ${inline(item)}`).join('\n'))
        break
      case 'table': {
        // A pipe inside a cell, even inside a code span, must be escaped in GFM tables.
        const cell = (content: readonly Inline[]): string => inline(content).replace(/(?<!\\)\|/g, '\\|')
        out.push(
          [
            `**${escapeText(block.caption)}**`,
            '',
            `| ${block.head.map(escapeText).join(' | ')} |`,
            `| ${block.head.map(() => '---').join(' | ')} |`,
            ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
          ].join('\n'),
        )
        break
      }
    }
  }
  if (hasNotes(blocks)) out.push(`## Operational defaults`, `† ${escapeText(NOTE_TEXT)}`)
  return `${out.join('\n\n')}\n`
}
