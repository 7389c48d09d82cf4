import { escapeHtml } from './escape-html.js'

type Json = Record<string, unknown>

const asRecord = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {})
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const asText = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '')

function schemaBlock(schema: unknown): string {
  return `<details><summary>schema</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`
}

function operationSection(path: string, method: string, op: Json): string {
  const scope = asText(op['x-required-scope'])
  const access = scope === '' ? 'no key' : `scope <code>${escapeHtml(scope)}</code>${op['x-publishable-key'] === true ? ' (or a publishable key)' : ''}`
  const params = asArray(op.parameters).map(asRecord)
  const paramRows = params
    .map((p) => `<tr><td><code>${escapeHtml(asText(p.name))}</code></td><td>${escapeHtml(asText(p.in))}</td><td>${p.required === true ? 'yes' : 'no'}</td><td>${escapeHtml(asText(p.description))}</td></tr>`)
    .join('')
  const content = asRecord(asRecord(op.requestBody).content)
  const body = Object.entries(content)
    .map(([type, media]) => `<p>Body <code>${escapeHtml(type)}</code></p>${schemaBlock(asRecord(media).schema)}`)
    .join('')
  const responses = Object.entries(asRecord(op.responses))
    .map(([status, r]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(asText(asRecord(r).description))}</li>`)
    .join('')
  const id = escapeHtml(asText(op.operationId))
  return `<section id="${id}">
<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(asText(op.summary))}</p>${op.description === undefined ? '' : `<p>${escapeHtml(asText(op.description))}</p>`}
<p>Access: ${access}</p>
${params.length === 0 ? '' : `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr></thead><tbody>${paramRows}</tbody></table>`}
${body}
<ul>${responses}</ul>
</section>`
}

/**
 * Renders an OpenAPI document as one self-contained HTML page: no script, no CDN, every text
 * escaped, so `/docs` works offline and cannot be turned into an injection vector by a schema
 * description.
 *
 * @example
 * app.get('/docs', (c) => c.html(renderDocsPage(openApiDocument)))
 */
export function renderDocsPage(doc: Json): string {
  const info = asRecord(doc.info)
  const sections: string[] = []
  const toc: string[] = []
  for (const [path, item] of Object.entries(asRecord(doc.paths))) {
    for (const [method, op] of Object.entries(asRecord(item))) {
      const operation = asRecord(op)
      sections.push(operationSection(path, method, operation))
      toc.push(`<li><a href="#${escapeHtml(asText(operation.operationId))}"><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></a> ${escapeHtml(asText(operation.summary))}</li>`)
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(asText(info.title))} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
section{border-top:1px solid #ddd;padding:.5rem 0}.method{display:inline-block;min-width:3.5rem;font-weight:700}
.get{color:#0a6}.post{color:#06c}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:13px}</style></head>
<body><h1>${escapeHtml(asText(info.title))} <small>${escapeHtml(asText(info.version))}</small></h1>
<p>${escapeHtml(asText(info.description))}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>. Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>.</p>
<h2>Operations</h2><ul>${toc.join('')}</ul>
${sections.join('\n')}
</body></html>`
}
