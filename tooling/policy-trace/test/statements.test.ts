import { describe, expect, test } from 'vitest'
import { titlePattern } from '../src/mutants.js'
import { resolveDataPath } from '../src/trace.js'
import { sentences, statementsOf } from '../src/statements.js'

describe('statementsOf', () => {
  const md = [
    '# Title',
    '',
    'Version 2.0.0. Effective date: May 1, 2026[†](#operational-defaults).',
    '',
    '## 4. SMS',
    '',
    'Delivered by: SMS delivery provider (e.g., Vonage). Reply **STOP** to cancel.',
    '',
    '- **Help:** “Reply HELP. Rates apply.”',
    '- Same text',
    '- Same text',
    '',
    '**Cookies we use**',
    '',
    '| Cookie | Lifetime |',
    '| --- | --- |',
    '| `_ga` | 2 years |',
    '',
    '> The banner text.',
    '',
    '![How data flows.](data-flow.svg)',
    '',
    '## Operational defaults',
    '',
    '† A note.',
  ].join('\n')
  const statements = statementsOf(md)

  test('a sentence, a list item, a table row, a quote and a figure are statements; headings and captions are not', () => {
    expect(statements.map((s) => [s.id, s.block, s.text])).toEqual([
      ['§0.version-2-0-0', 'paragraph', 'Version 2.0.0.'],
      ['§0.effective-date-may-1-2026', 'paragraph', 'Effective date: May 1, 2026.'],
      ['§4.delivered-by-sms-delivery-provider-e', 'paragraph', 'Delivered by: SMS delivery provider (e.g., Vonage).'],
      ['§4.reply-stop-to-cancel', 'paragraph', 'Reply STOP to cancel.'],
      ['§4.help-reply-help-rates-apply', 'item', 'Help: “Reply HELP. Rates apply.”'],
      ['§4.same-text', 'item', 'Same text'],
      ['§4.same-text-2', 'item', 'Same text'],
      ['§4.ga-2-years', 'row', '_ga | 2 years'],
      ['§4.the-banner-text', 'quote', 'The banner text.'],
      ['§4.how-data-flows', 'figure', 'How data flows.'],
      ['§99.a-note', 'paragraph', '† A note.'],
    ])
  })

  test('sentences end before a capital or a quote, not inside "e.g., "', () => {
    expect(sentences('One (e.g., two). Three “four.” Five?')).toEqual(['One (e.g., two).', 'Three “four.”', 'Five?'])
  })
})

test('resolveDataPath indexes arrays by id or name', () => {
  const data = { retention: [{ id: 'a', minimum: 'P5Y' }], cookies: { declared: [{ name: '_ga', lifetime: 'P2Y' }] } }
  expect(resolveDataPath(data, 'retention[a].minimum')).toBe('P5Y')
  expect(resolveDataPath(data, 'cookies.declared[_ga].lifetime')).toBe('P2Y')
  expect(resolveDataPath(data, 'retention[b].minimum')).toBeUndefined()
  expect(resolveDataPath(data, 'nothing.here')).toBeUndefined()
})

test('titlePattern joins describe and test as Vitest does and opens each.each placeholders', () => {
  const pattern = new RegExp(titlePattern(['outer > inner (x) > %s works', 'plain']))
  expect(pattern.test('outer inner (x) anything works')).toBe(true)
  expect(pattern.test('plain')).toBe(true)
  expect(pattern.test('outer inner x y works')).toBe(false)
})
