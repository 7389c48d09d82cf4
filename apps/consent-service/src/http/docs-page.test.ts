import { describe, expect, it } from 'vitest'
import { renderDocsPage } from './docs-page.js'

describe('renderDocsPage', () => {
  it('lists every operation with its access and escapes all text', () => {
    const html = renderDocsPage({
      info: { title: 'T', version: '1', description: '<script>alert(1)</script>' },
      paths: {
        '/v1/x': {
          post: { operationId: 'x', summary: 'Do <b>x</b>', 'x-required-scope': 'decisions', parameters: [], responses: { 200: { description: 'ok' } } },
        },
        '/healthz': { get: { operationId: 'h', summary: 'health', responses: {} } },
      },
    })
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('Do &lt;b&gt;x&lt;/b&gt;')
    expect(html).toContain('scope <code>decisions</code>')
    expect(html).toContain('<code>/healthz</code>')
    expect(html).toContain('Access: no key')
  })
})
