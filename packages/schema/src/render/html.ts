import { NOTE_ID, NOTE_TEXT, hasNotes, type Block, type Inline } from './document.js'
import { escapeHtml } from './escape-html.js'

function inline(content: readonly Inline[]): string {
  return content
    .map((part) => {
      if (typeof part === 'string') return escapeHtml(part)
      let html = escapeHtml(part.text)
      if (part.code === true) html = `<code>${html}</code>`
      if (part.strong === true && html !== '') html = `<strong>${html}</strong>`
      return part.note === true ? `${html}<sup><a href="#${NOTE_ID}" aria-label="operational default, not a policy statement">†</a></sup>` : html
    })
    .join('')
}

// Small, readable, and printable; no external resource, so the page stands alone.
const STYLE = `body{font:16px/1.6 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:48rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:2rem;line-height:1.2}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #ccc;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #888;background:#f7f7f7}
code{font-size:.9em}a{color:#0645ad}
.notes{margin-top:3rem;font-size:.9rem}
figure{margin:1.5rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#444}`

/** Prints the blocks as a complete HTML document; `title` goes in the head. */
export function toHtml(blocks: readonly Block[], title: string): string {
  const body = blocks.map((block) => {
    switch (block.type) {
      case 'heading':
        return `<h${block.level} id="${escapeHtml(block.id)}">${escapeHtml(block.text)}</h${block.level}>`
      case 'paragraph':
        return `<p>${inline(block.content)}</p>`
      case 'quote':
        return `<blockquote><p>${inline(block.content)}</p></blockquote>`
      case 'list':
        return `<ul>\n${block.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}\n</ul>`
      case 'figure':
        // Inline in HTML the parser puts <svg> in the SVG namespace: no xmlns (no URL in the page).
        return `<figure class="data-flow">\n${block.svg.trimEnd().replace(' xmlns="http://www.w3.org/2000/svg"', '')}\n<figcaption>${escapeHtml(block.caption)}</figcaption>\n</figure>`
      case 'table':
        return [
          '<table>',
          `<caption>${escapeHtml(block.caption)}</caption>`,
          `<thead><tr>${block.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
          '<tbody>',
          ...block.rows.map((row) => `<tr>${row.map((cell) => `<td>${inline(cell)}</td>`).join('')}</tr>`),
          '</tbody>',
          '</table>',
        ].join('\n')
    }
  })
  if (hasNotes(blocks)) {
    body.push(`<section class="notes" aria-labelledby="${NOTE_ID}"><h2 id="${NOTE_ID}">Operational defaults</h2><p>† ${escapeHtml(NOTE_TEXT)}</p></section>`)
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
