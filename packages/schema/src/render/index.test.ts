import { describe, expect, test } from 'vitest'
import { sampleInput, samplePolicy } from '../../test/sample-policy.js'
import { parsePolicy } from '../policy.js'
import { renderPolicy } from './index.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits JSON documents freely
type Doc = Record<string, any>
function edited(mutate: (d: Doc) => unknown) {
  const doc = sampleInput() as Doc
  mutate(doc)
  return parsePolicy(doc)
}

const SECTIONS = [
  '1. Scope',
  '2. Information we collect',
  '3. How we use information',
  '4. SMS text messaging',
  '5. Sharing and disclosure',
  '6. Cookies and tracking',
  '7. Data retention',
  '8. Security',
  '9. Your rights',
  '10. Do Not Track and Global Privacy Control',
  '11. Changes',
  '12. Contact us',
]

describe('markdown', () => {
  const md = renderPolicy(samplePolicy, { format: 'markdown' })
  const lines = md.split('\n')

  test('one title, then the twelve sections in the seed order, then the note', () => {
    expect(lines.filter((l) => l.startsWith('# '))).toEqual(['# Example Privacy Policy'])
    expect(lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3))).toEqual([...SECTIONS, 'Operational defaults'])
  })

  test('every entity of the data appears', () => {
    const names = [
      ...samplePolicy.dataCategories.flatMap((c) => [c.name, ...c.examples]),
      ...samplePolicy.purposes.map((p) => p.name),
      ...samplePolicy.recipients.map((r) => r.name),
      ...samplePolicy.cookies.categories.map((c) => c.name),
      ...samplePolicy.retention.map((r) => r.name),
      ...samplePolicy.rights.types.map((r) => r.name),
      ...samplePolicy.security.controls.map((s) => s.name),
      samplePolicy.cookies.banner.text,
      samplePolicy.channels.sms.texts.help,
      samplePolicy.signals.doNotTrack.statement,
      samplePolicy.signals.globalPrivacyControl.statement,
    ]
    for (const name of names) expect(md).toContain(name)
  })

  test('the tables: cookies and retention, one row each, marks only on operational defaults', () => {
    const row = (start: string) => lines.find((l) => l.startsWith(`| ${start}`))!
    expect(row('`session`')).toBe('| `session` | Necessary | First party | Example | Session | Signs you in. |')
    expect(row('`^_stats')).toContain('| 1 year[†](#operational-defaults) |')
    expect(row('Accounting')).toBe('| Accounting | Fixed period | 7 years | 7 years | Seven years. Tax law. | Billing records |')
    expect(row('Account ')).toContain('2 years[†](#operational-defaults)')
    expect(row('Opt-out logs')).toContain('| — | 5 years |')
  })

  test('the operational-default note appears only when something is marked', () => {
    const plain = edited((d) => {
      d.meta.operationalDefaults = []
      d.cookies.declared[1].operationalDefaults = []
      d.retention[0].operationalDefaults = []
    })
    const out = renderPolicy(plain, { format: 'markdown' })
    expect(out).not.toContain('†')
    expect(out).not.toContain('## Operational defaults')
    expect(md).toContain('Effective date: January 1, 2026[†](#operational-defaults).')
  })

  test('data cannot add markup: HTML, links, emphasis, headings and table cells are escaped', () => {
    const hostile = edited((d) => {
      d.meta.title = 'Policy <script>alert(1)</script>'
      d.purposes[0].description = 'Run *it* [click](https://evil.example) <img src=x onerror=alert(1)>\n# Injected heading\n- injected item'
      d.cookies.declared[0].purpose = 'A | B | C'
      d.children.statement = '1. Not a list'
    })
    const out = renderPolicy(hostile, { format: 'markdown' })
    expect(out).not.toMatch(/(?<!\\)<(script|img)/)
    expect(out).toContain('# Policy \\<script\\>alert(1)\\</script\\>')
    expect(out).toContain('Run \\*it\\* \\[click\\](https://evil.example) \\<img src=x onerror=alert(1)\\> \\# Injected heading - injected item')
    expect(out.split('\n').filter((l) => l.startsWith('#') && l.includes('Injected'))).toEqual([])
    expect(out).toContain('\n1\\. Not a list\n')
    const cookieRow = out.split('\n').find((l) => l.startsWith('| `session`'))!
    expect(cookieRow.split(/(?<!\\)\|/).length).toBe(8)
  })

  test('rendering is deterministic', () => {
    expect(renderPolicy(samplePolicy, { format: 'markdown' })).toBe(md)
  })
})

describe('html', () => {
  const html = renderPolicy(samplePolicy, { format: 'html' })

  test('a standalone, accessible document', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true)
    expect(html).toContain('<title>Example Privacy Policy</title>')
    expect(html).toMatch(/<style>[^<]+<\/style>/)
    expect(html.match(/<main>/g)).toHaveLength(1) // apps/web embeds what is between <main> and </main>
    expect(html.match(/<\/main>/g)).toHaveLength(1)
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    // No external resource: no script, stylesheet link, image or remote URL.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(|https?:/i)
    expect(html.match(/<h1[ >]/g)).toHaveLength(1)
    expect([...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual([...SECTIONS, 'Operational defaults'])
    expect(html).toContain('<caption>Cookies we use</caption>')
    expect(html).toContain('<th scope="col">Lifetime</th>')
    expect(html).toContain('1 year<sup><a href="#operational-defaults" aria-label="operational default, not a policy statement">†</a></sup>')
  })

  test('heading anchors are unique, even when titles repeat', () => {
    const out = renderPolicy(edited((d) => (d.meta.title = 'Operational defaults')), { format: 'html' })
    const ids = [...out.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('all text is escaped: tags, quotes, ampersands', () => {
    const hostile = edited((d) => {
      d.meta.title = `</title><script>alert("x")</script>`
      d.purposes[0].name = `"><script>alert('x')</script>`
      d.cookies.banner.text = `Tom & Jerry's "cookies" <b>`
      d.rights.types[0].description = '<a href="javascript:alert(1)">x</a>'
    })
    const out = renderPolicy(hostile, { format: 'html' })
    expect(out).not.toMatch(/<script|<b>|<a href="javascript/)
    expect(out).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>')
    expect(out).toContain('<strong>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</strong>')
    expect(out).toContain('Tom &amp; Jerry&#39;s &quot;cookies&quot; &lt;b&gt;')
  })
})
