/* eslint-disable @typescript-eslint/no-unsafe-return -- the rows edit JSON documents, whose values are untyped */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { sampleInput, samplePolicy } from '../test/sample-policy.js'
import { bumpSatisfies, CHANGE_RULES, diffPolicies, type PolicyChangeKind, type SemverBump } from './diff.js'
import { parsePolicy, type Policy } from './policy.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits JSON documents freely
type Doc = Record<string, any>
const f = (list: Doc[], id: string): Doc => list.find((x) => x.id === id)!
const without = (list: Doc[], id: string): Doc[] => list.filter((x) => x.id !== id)
const base = samplePolicy as Policy

/** The sample after `mutate`, validated: every row below is a policy someone could publish. */
function edited(mutate: (d: Doc) => unknown): Policy {
  const doc = sampleInput() as Doc
  mutate(doc)
  return parsePolicy(doc)
}

const newPurpose = { id: 'ads', name: 'Ads', description: 'Show ads.', basis: 'consent', categories: ['usage_data'], objectable: false }
const newRecipient = { id: 'ad_network', name: 'Ad network', kind: 'service_provider', description: 'Shows ads.', categories: ['usage_data'], purposes: ['analytics'] }

// kind, edit, and whether the edit goes the other way (the sample is the later policy).
const rows: [PolicyChangeKind, (d: Doc) => unknown, 'reverse'?][] = [
  ['controller_changed', (d) => (d.meta.controller = 'Other Co')],
  ['data_category_added', (d) => d.dataCategories.push({ ...f(d.dataCategories, 'billing'), id: 'photos' })],
  ['data_category_example_added', (d) => f(d.dataCategories, 'identifiers').examples.push('phone number')],
  ['data_category_example_removed', (d) => f(d.dataCategories, 'identifiers').examples.push('phone number'), 'reverse'],
  ['data_category_source_added', (d) => f(d.dataCategories, 'identifiers').sources.push('employer')],
  ['data_category_source_removed', (d) => f(d.dataCategories, 'identifiers').sources.push('employer'), 'reverse'],
  ['data_category_sensitivity_lowered', (d) => (f(d.dataCategories, 'identifiers').sensitivity = 'low')],
  ['data_category_sensitivity_raised', (d) => (f(d.dataCategories, 'usage_data').sensitivity = 'high')],
  ['data_category_retention_extended', (d) => (f(d.dataCategories, 'usage_data').retention = 'account')],
  ['data_category_retention_reassigned', (d) => (f(d.dataCategories, 'identifiers').retention = 'logs')],
  ['data_category_removed', (d) => {
    d.dataCategories = without(d.dataCategories, 'billing')
    f(d.purposes, 'accounting').categories = ['identifiers']
    f(d.recipients, 'tax_office').categories = ['identifiers', 'usage_data']
  }],
  ['purpose_added', (d) => d.purposes.push(newPurpose)],
  ['purpose_removed', (d) => (d.purposes = without(d.purposes, 'fraud'))],
  ['purpose_category_added', (d) => f(d.purposes, 'analytics').categories.push('identifiers')],
  ['purpose_category_removed', (d) => f(d.purposes, 'service').categories.pop()],
  ['purpose_basis_weakened', (d) => (f(d.purposes, 'analytics').basis = 'legitimate_interest')],
  ['purpose_basis_strengthened', (d) => (f(d.purposes, 'service').basis = 'consent')],
  ['purpose_objection_removed', (d) => (f(d.purposes, 'security').objectable = false)],
  ['purpose_objection_added', (d) => (f(d.purposes, 'fraud').objectable = true)],
  ['recipient_added', (d) => d.recipients.push(newRecipient)],
  ['recipient_removed', (d) => (d.recipients = without(d.recipients, 'tax_office'))],
  ['recipient_category_added', (d) => f(d.recipients, 'employer').categories.push('identifiers')],
  ['recipient_category_removed', (d) => f(d.recipients, 'tax_office').categories.pop()],
  ['recipient_purpose_added', (d) => f(d.recipients, 'employer').purposes.push('security')],
  ['recipient_purpose_removed', (d) => f(d.recipients, 'employer').purposes.push('security'), 'reverse'],
  ['recipient_kind_changed', (d) => (f(d.recipients, 'employer').kind = 'business_transfer')],
  ['recipient_scope_removed', (d) => delete f(d.recipients, 'employer').scope],
  ['recipient_scope_added', (d) => (f(d.recipients, 'tax_office').scope = 'Tax records only.')],
  ['recipient_example_added', (d) => f(d.recipients, 'sms_provider').examples.push('Twilio')],
  ['recipient_example_removed', (d) => (f(d.recipients, 'sms_provider').examples = [])],
  ['channel_purpose_changed', (d) => (d.channels.email.purpose = 'security')],
  ['sms_provider_changed', (d) => (d.channels.sms.provider = 'employer')],
  ['enrollment_method_added', (d) => d.channels.sms.enrollmentMethods.push({ id: 'form', name: 'Form', description: 'Sign a form.' })],
  ['enrollment_method_removed', (d) => d.channels.sms.enrollmentMethods.pop()],
  ['enrollment_by_first_inbound_added', (d) => (d.channels.sms.enrollmentMethods[0].enrollsOnFirstInbound = true)],
  ['enrollment_by_first_inbound_removed', (d) => (d.channels.sms.enrollmentMethods[1].enrollsOnFirstInbound = false)],
  ['sms_opt_out_keyword_removed', (d) => (d.channels.sms.keywords.optOut = ['STOP'])],
  ['sms_keyword_added', (d) => d.channels.sms.keywords.help.push('INFO')],
  ['sms_keyword_removed', (d) => d.channels.sms.keywords.optIn.push('UNSTOP'), 'reverse'],
  ['contact_changed', (d) => (d.channels.sms.supportPhone = '+18005550199')],
  ['cookie_category_added', (d) => d.cookies.categories.push({ id: 'ads', name: 'Ads', description: 'Ads.', required: false, purposes: ['analytics'] })],
  ['cookie_category_removed', (d) => {
    d.cookies.categories = without(d.cookies.categories, 'stats')
    d.cookies.declared.pop()
    d.signals.globalPrivacyControl.refuses = []
  }],
  ['cookie_category_required_changed', (d) => (f(d.cookies.categories, 'necessary').required = false)],
  ['cookie_category_purpose_added', (d) => f(d.cookies.categories, 'stats').purposes.push('security')],
  ['cookie_category_purpose_removed', (d) => f(d.cookies.categories, 'stats').purposes.push('security'), 'reverse'],
  ['cookie_category_signal_added', (d) => f(d.cookies.categories, 'necessary').consentMode.push('functionality_storage')],
  ['cookie_category_signal_removed', (d) => (f(d.cookies.categories, 'stats').consentMode = [])],
  ['cookie_declared', (d) => d.cookies.declared.push({ name: 'lang', party: 'first', provider: 'Example', lifetime: 'P1Y', purpose: 'Language.', category: 'necessary' })],
  ['cookie_removed', (d) => d.cookies.declared.pop()],
  ['cookie_recategorized', (d) => (d.cookies.declared[0].category = 'stats')],
  ['cookie_made_third_party', (d) => (d.cookies.declared[0].party = 'third')],
  ['cookie_made_first_party', (d) => (d.cookies.declared[1].party = 'first')],
  ['third_party_cookie_provider_changed', (d) => (d.cookies.declared[1].provider = 'Other Stats')],
  ['cookie_lifetime_extended', (d) => (d.cookies.declared[1].lifetime = 'P2Y')],
  ['cookie_category_host_added', (d) => (f(d.cookies.categories, 'stats').hosts = ['stats.example.net'])],
  ['cookie_category_host_removed', (d) => (f(d.cookies.categories, 'stats').hosts = ['stats.example.net']), 'reverse'],
  ['consent_mode_advanced', (d) => (d.cookies.browser = { consentMode: 'advanced' })],
  ['consent_mode_basic', (d) => (d.cookies.browser = { consentMode: 'advanced' }), 'reverse'],
  ['shared_domain_added', (d) => (d.cookies.browser = { sharedDomains: ['example.org'] })],
  ['shared_domain_removed', (d) => (d.cookies.browser = { sharedDomains: ['example.org'] }), 'reverse'],
  ['held_requests_changed', (d) => (d.cookies.browser = { heldOnRefusal: 'keep' })],
  ['cookie_lifetime_shortened', (d) => (d.cookies.declared[1].lifetime = 'session')],
  ['retention_rule_added', (d) => d.retention.push({ id: 'backups', name: 'Backups', description: 'Backups.', kind: 'purpose_bound', duration: 'P30D' })],
  ['retention_rule_removed', (d) => (d.retention = without(d.retention, 'opt_outs'))],
  ['retention_extended', (d) => (f(d.retention, 'logs').duration = 'P1Y')],
  ['retention_shortened', (d) => (f(d.retention, 'logs').duration = 'P30D')],
  ['retention_kind_changed', (d) => (f(d.retention, 'logs').kind = 'fixed')],
  ['retention_minimum_changed', (d) => (f(d.retention, 'opt_outs').minimum = 'P3Y')],
  ['right_added', (d) => d.rights.types.push({ id: 'portability', name: 'Portability', description: 'Take it with you.' })],
  ['right_removed', (d) => d.rights.types.pop()],
  ['rights_deadline_extended', (d) => (d.rights.deadline = 'P45D')],
  ['rights_deadline_shortened', (d) => (d.rights.deadline = 'P15D')],
  ['minimum_age_lowered', (d) => (d.children.minimumAge = 12)],
  ['minimum_age_raised', (d) => (d.children.minimumAge = 16)],
  ['do_not_track_honored', (d) => (d.signals.doNotTrack.honored = true)],
  ['do_not_track_dropped', (d) => (d.signals.doNotTrack.honored = true), 'reverse'],
  ['gpc_dropped', (d) => (d.signals.globalPrivacyControl.honored = false)],
  ['gpc_honored', (d) => (d.signals.globalPrivacyControl.honored = false), 'reverse'],
  ['gpc_refusal_removed', (d) => (d.signals.globalPrivacyControl.refuses = [])],
  ['gpc_refusal_added', (d) => (d.signals.globalPrivacyControl.refuses = []), 'reverse'],
  ['security_control_added', (d) => d.security.controls.push({ id: 'mfa', name: 'MFA', description: 'Two factors.' })],
  ['security_control_removed', (d) => d.security.controls.push({ id: 'mfa', name: 'MFA', description: 'Two factors.' }), 'reverse'],
  ['security_framework_added', (d) => d.security.frameworks.push('SOC 2')],
  ['security_framework_removed', (d) => (d.security.frameworks = [])],
  ['change_announcement_removed', (d) => (d.meta.changes.announcedVia = ['site'])],
  ['change_announcement_added', (d) => (d.meta.changes.announcedVia = ['site']), 'reverse'],
  ['scope_extended', (d) => d.meta.scope.sites.push('example.org')],
  ['scope_narrowed', (d) => d.meta.scope.sites.push('example.org'), 'reverse'],
  ['wording_changed', (d) => (d.meta.title = 'Our Privacy Policy')],
  ['order_changed', (d) => d.purposes.reverse()],
  ['operational_defaults_changed', (d) => (d.meta.operationalDefaults = [])],
  ['release_stamp_changed', (d) => (d.meta.version = '1.0.1')],
]

describe('the rule table', () => {
  test.each(rows)('%s', (kind, mutate, direction) => {
    const other = edited(mutate)
    const diff = direction === 'reverse' ? diffPolicies(other, base) : diffPolicies(base, other)
    const change = diff.changes.find((c) => c.kind === kind)
    expect(change, JSON.stringify(diff.changes.map((c) => c.kind))).toBeDefined()
    expect(change).toMatchObject({ material: CHANGE_RULES[kind].material, bump: CHANGE_RULES[kind].bump })
    expect(change?.description.length).toBeGreaterThan(0)
    expect(diff.material).toBe(diff.changes.some((c) => c.material))
  })

  test('every kind of change has a row, and every row its kind', () => {
    expect(rows.map(([kind]) => kind).sort()).toEqual(Object.keys(CHANGE_RULES).sort())
  })

  test('the README carries the table as the code has it', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const [kind, rule] of Object.entries(CHANGE_RULES)) {
      expect(readme).toContain(`| \`${kind}\` | ${rule.bump} | ${rule.material ? 'yes' : 'no'} | ${rule.rule} |`)
    }
  })

  test('material means major; only release stamps need no release', () => {
    for (const rule of Object.values(CHANGE_RULES)) {
      if (rule.material) expect(rule.bump).toBe('major')
    }
    expect(Object.entries(CHANGE_RULES).filter(([, rule]) => rule.bump === 'none').map(([kind]) => kind)).toEqual(['release_stamp_changed'])
  })
})

describe('diffPolicies', () => {
  test('equal policies: no changes, no bump', () => {
    expect(diffPolicies(base, parsePolicy(sampleInput()))).toEqual({ changes: [], material: false, bump: 'none' })
  })

  test('a change reads in plain words, with ids in its path', () => {
    const diff = diffPolicies(base, edited((d) => f(d.purposes, 'analytics').categories.push('identifiers')))
    expect(diff).toEqual({
      changes: [
        {
          kind: 'purpose_category_added',
          path: 'purposes.analytics.categories',
          before: undefined,
          after: 'identifiers',
          material: true,
          bump: 'major',
          description: 'purpose "analytics" may now use data category "identifiers"',
        },
      ],
      material: true,
      bump: 'major',
    })
  })

  test('cookies declared by pattern are named by their pattern', () => {
    const diff = diffPolicies(base, edited((d) => (d.cookies.declared[1].lifetime = 'P2Y')))
    expect(diff.changes.map((c) => [c.path, c.before, c.after])).toEqual([['cookies.declared["/^_stats_[a-z]+$/"].lifetime', 'P1Y', 'P2Y']])
  })

  test('the bump is the largest any change needs', () => {
    expect(diffPolicies(base, edited((d) => (d.meta.effectiveDate = '2026-06-01'))).bump).toBe('none')
    expect(diffPolicies(base, edited((d) => (d.cookies.banner.text = 'Cookies!'))).bump).toBe('patch')
    const both = edited((d) => {
      d.cookies.banner.text = 'Cookies!'
      d.cookies.declared.push({ name: 'lang', party: 'first', provider: 'Example', lifetime: 'P1Y', purpose: 'Language.', category: 'necessary' })
    })
    expect(diffPolicies(base, both)).toMatchObject({ bump: 'minor', material: false })
    expect(diffPolicies(base, edited((d) => f(d.retention, 'logs').duration = 'P30D')).bump).toBe('minor')
    expect(diffPolicies(base, edited((d) => (d.purposes = without(d.purposes, 'fraud'))))).toMatchObject({ bump: 'major', material: false })
  })

  test('equivalent durations are restated, not lengthened', () => {
    const diff = diffPolicies(base, edited((d) => (f(d.retention, 'accounting').duration = 'P84M')))
    expect(diff.changes.map((c) => c.kind)).toEqual(['wording_changed'])
  })

  test('keywords compare case-insensitively: recasing is wording', () => {
    const diff = diffPolicies(base, edited((d) => (d.channels.sms.keywords.optOut = ['stop', 'END'])))
    expect(diff.changes.map((c) => c.kind)).toEqual(['wording_changed'])
  })

  // The decision the policy README records: an operational default is a value the seed leaves
  // open, but it is what the published page tells people, so it is judged like any other value.
  test('an operational default is judged like any value: kept longer is material, kept less long is not', () => {
    const marked = (duration: string) =>
      edited((d) => {
        const logs = f(d.retention, 'logs')
        logs.duration = duration
        logs.operationalDefaults = ['duration']
      })
    const longer = diffPolicies(marked('P90D'), marked('P1Y'))
    expect(longer).toMatchObject({ bump: 'major', material: true, changes: [{ kind: 'retention_extended', path: 'retention.logs.duration' }] })
    const shorter = diffPolicies(marked('P1Y'), marked('P90D'))
    expect(shorter).toMatchObject({ bump: 'minor', material: false, changes: [{ kind: 'retention_shortened' }] })
  })

  test('a removed retention period means records are kept with no end: longer', () => {
    const diff = diffPolicies(base, edited((d) => delete f(d.retention, 'logs').duration))
    expect(diff.changes).toMatchObject([{ kind: 'retention_extended', before: 'P90D', after: undefined, material: true }])
  })
})

/** Every path to a leaf value of a JSON document. */
function leaves(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix]
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
  return entries.flatMap(([key, child]) => leaves(child, [...prefix, key]))
}

test('every field is compared: changing any leaf of the policy to another valid value is reported', () => {
  const sample = sampleInput() as Doc
  const strings = [...new Set(leaves(sample).map((path) => path.reduce<Doc>((node, key) => node[key] as Doc, sample)).filter((v) => typeof v === 'string'))]
  const alternatives = (value: unknown): unknown[] => {
    if (typeof value === 'boolean') return [!value]
    if (typeof value === 'number') return [value + 1]
    const text = String(value)
    const enums = ['P99Y', 'P1D', '9.9.9', '2030-01-01', '+18005550199', 'legitimate_interest', 'minimum', 'third', 'low', 'portability', 'ad_storage', 'name', 'title', 'provider', 'example.org']
    return [`${text} (reworded)`, ...enums, ...strings]
  }
  // Values the cross-reference checks pin: no valid policy changes them alone.
  const pinned = ['purposes.0.objectable', 'purposes.5.objectable', 'cookies.categories.1.required', 'signals.globalPrivacyControl.refuses.0']
  const uncovered: string[] = []
  for (const path of leaves(sample)) {
    const last = path[path.length - 1]!
    if (last === 'id' || last === 'sellsPersonalInformation' || pinned.includes(path.join('.'))) continue
    const covered = alternatives(path.reduce<Doc>((node, key) => node[key] as Doc, sample)).some((value) => {
      let other: Policy
      try {
        other = edited((d) => {
          path.slice(0, -1).reduce<Doc>((node, key) => node[key] as Doc, d)[last] = value
        })
      } catch {
        return false
      }
      const diff = diffPolicies(base, other)
      return diff.changes.length > 0 && diff.changes.every((c) => c.path.startsWith(String(path[0])))
    })
    if (!covered) uncovered.push(path.join('.'))
  }
  expect(uncovered).toEqual([])
  for (const path of pinned.slice(0, 3)) {
    expect(() =>
      edited((d) => {
        const keys = path.split('.')
        const parent = keys.slice(0, -1).reduce<Doc>((node, key) => node[key] as Doc, d)
        parent[keys[keys.length - 1]!] = !parent[keys[keys.length - 1]!]
      }),
    ).toThrow()
  }
})

describe('bumpSatisfies', () => {
  const order: SemverBump[] = ['none', 'patch', 'minor', 'major']
  test.each(order.flatMap((required, i) => order.map((actual, j) => [required, actual, j >= i] as const)))('%s is satisfied by %s: %s', (required, actual, expected) => {
    expect(bumpSatisfies(required, actual)).toBe(expected)
  })
})
