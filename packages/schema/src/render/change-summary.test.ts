import { describe, expect, test } from 'vitest'
import { sampleInput, samplePolicy } from '../../test/sample-policy.js'
import { diffPolicies } from '../diff.js'
import { parsePolicy, type Policy } from '../policy.js'
import { summarizePolicyChange } from './change-summary.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits JSON documents freely
type Doc = Record<string, any>
const f = (list: Doc[], id: string): Doc => list.find((x) => x.id === id)!
const base = samplePolicy as Policy

function edited(mutate: (d: Doc) => unknown): Policy {
  const doc = sampleInput() as Doc
  doc.meta.version = '2.0.0'
  doc.meta.effectiveDate = '2027-03-01'
  mutate(doc)
  return parsePolicy(doc)
}

describe('summarizePolicyChange', () => {
  test('a material change is said in plain words, with names, not ids, and first', () => {
    const next = edited((d) => {
      f(d.recipients, 'employer').categories.push('identifiers')
      f(d.purposes, 'security').objectable = false
      f(d.purposes, 'analytics').description = 'Count visits.'
      f(d.retention, 'logs').duration = 'P30D'
    })
    const summary = summarizePolicyChange(base, next)
    expect(summary.material).toBe(diffPolicies(base, next).material)
    expect(summary.material).toBe(true)
    expect(summary.fromVersion).toBe('1.0.0')
    expect(summary.toVersion).toBe('2.0.0')
    expect(summary.headline).toBe('Our privacy policy changes on March 1, 2027 (version 2.0.0): 2 changes that affect you.')
    expect(summary.changes.map((c) => c.sentence)).toEqual([
      'You can no longer object to "Security".',
      'Your employer now receives identifiers.',
      'We now keep records under our "Logs" rule for 30 days, not for 90 days.',
      'We reworded parts of the policy (how we use it); please read them again.',
    ])
    expect(summary.changes.map((c) => c.material)).toEqual([true, true, false, false])
    expect(summary.text).toBe(
      [
        summary.headline,
        '',
        'What changes for you:',
        '- You can no longer object to "Security".',
        '- Your employer now receives identifiers.',
        '',
        'Other changes:',
        '- We now keep records under our "Logs" rule for 30 days, not for 90 days.',
        '- We reworded parts of the policy (how we use it); please read them again.',
        '',
      ].join('\n'),
    )
    expect(summary.markdown).toContain('### What changes for you\n\n- You can no longer object to "Security".\n')
    expect(summary.html).toContain('<li>We now keep records under our &quot;Logs&quot; rule for 30 days, not for 90 days.</li>')
    expect(summary.html).toMatch(/^<section class="policy-change" data-from="1.0.0" data-to="2.0.0" data-material="true">/)
    // No id leaks into what people read.
    expect(summary.text).not.toMatch(/employer"|usage_data|recipients\./)
  })

  test('new entities are named by their own names; release stamps and order are left out', () => {
    const next = edited((d) => {
      d.recipients.push({ id: 'ad_network', name: 'Ad network', kind: 'service_provider', description: 'Shows ads.', categories: ['usage_data'], purposes: ['analytics'] })
      d.purposes.reverse()
    })
    const summary = summarizePolicyChange(base, next)
    expect(summary.changes.map((c) => c.sentence)).toEqual(['We now share personal data with Ad network (a service provider working for us).'])
    expect(summary.changes[0]?.kind).toBe('recipient_added')
  })

  test('a non-material change says nothing affects the data', () => {
    const next = edited((d) => (f(d.recipients, 'tax_office').categories = ['identifiers', 'billing']))
    const summary = summarizePolicyChange(base, next)
    expect(summary.material).toBe(false)
    expect(summary.headline).toContain('nothing in it affects what we do with your data')
    expect(summary.changes.map((c) => c.sentence)).toEqual(['Tax office no longer receives usage data.'])
  })

  test('the same policy twice: no changes', () => {
    const summary = summarizePolicyChange(base, base)
    expect(summary.changes).toEqual([])
    expect(summary.material).toBe(false)
    expect(summary.headline).toBe('Our privacy policy (version 1.0.0, effective January 1, 2026) says the same as before.')
  })

  test('text from the policy is escaped in Markdown and HTML', () => {
    const next = edited((d) => d.recipients.push({ id: 'x', name: '<b>*Evil*</b> & [co](http://e.vil)', kind: 'service_provider', description: 'x', categories: ['usage_data'], purposes: ['analytics'] }))
    const summary = summarizePolicyChange(base, next)
    expect(summary.html).not.toContain('<b>')
    expect(summary.html).toContain('&lt;b&gt;*Evil*&lt;/b&gt; &amp; [co](http://e.vil)')
    expect(summary.markdown).toContain('\\<b\\>\\*Evil\\*\\</b\\> \\& \\[co\\](http://e.vil)')
  })
})
