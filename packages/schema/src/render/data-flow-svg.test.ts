import { describe, expect, test } from 'vitest'
import { sampleInput, samplePolicy } from '../../test/sample-policy.js'
import { parsePolicy, type Policy } from '../policy.js'
import { renderDataFlowSvg } from './data-flow-svg.js'
import { renderPolicy } from './index.js'

const policy = samplePolicy as Policy

/** A strict well-formedness check: balanced tags, quoted attributes, no stray "<" or "&". */
function wellFormed(xml: string): void {
  const stack: string[] = []
  const rest = xml.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g, (_m, close: string, name: string, _attrs: string, self: string, text: string | undefined) => {
    if (text !== undefined) {
      expect(text, 'text').not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/)
      return ''
    }
    if (close === '/') expect(stack.pop(), `</${name}>`).toBe(name)
    else if (self !== '/') stack.push(name)
    return ''
  })
  expect(rest, 'every character belongs to a tag or text').toBe('')
  expect(stack).toEqual([])
}

describe('renderDataFlowSvg', () => {
  test('is well-formed SVG with every category, purpose and recipient, and a line for every use and disclosure', () => {
    const svg = renderDataFlowSvg(policy)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    wellFormed(svg)
    for (const c of policy.dataCategories) expect(svg).toContain(`id="category-${c.id}"`)
    for (const p of policy.purposes) expect(svg).toContain(`id="purpose-${p.id}"`)
    for (const r of policy.recipients) expect(svg).toContain(`id="recipient-${r.id}"`)
    for (const p of policy.purposes) for (const c of p.categories) expect(svg).toContain(`class="use" data-from="${c}" data-to="${p.id}"`)
    for (const r of policy.recipients) for (const p of r.purposes) expect(svg).toContain(`class="disclosure" data-from="${p}" data-to="${r.id}"`)
    // Retention is shown with each category.
    expect(svg).toContain('kept: Accounting: 7 years (at least 7 years)')
    expect(svg).toContain('kept: Logs: 90 days')
    expect(renderDataFlowSvg(policy)).toBe(svg)
  })

  test('escapes text from the policy', () => {
    const doc = sampleInput() as { recipients: { name: string }[] }
    doc.recipients[0]!.name = '<script>alert("x")</script> & co'
    const svg = renderDataFlowSvg(parsePolicy(doc))
    wellFormed(svg)
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;')
  })

  test('HTML inlines it in section 3; Markdown links it only when told where it is', () => {
    const html = renderPolicy(policy, { format: 'html' })
    expect(html).toContain('<figure class="data-flow">\n<svg viewBox=')
    expect(renderPolicy(policy, { format: 'markdown' })).not.toContain('data-flow')
    expect(renderPolicy(policy, { format: 'markdown', dataFlowHref: 'data-flow.svg' })).toContain('](data-flow.svg)')
  })
})
