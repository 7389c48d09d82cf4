import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { onmionPolicy as policy } from './index.js'

// The seed policy, copied beside the data so that CI can read it.
const seed = readFileSync(new URL('../seed/onmion-privacy-policy.txt', import.meta.url), 'utf8')

/** The seed's numbered sections: number -> lines, without the heading. */
const sections = new Map<number, string[]>()
let current = 0
for (const line of seed.split('\n').map((l) => l.trim()).filter(Boolean)) {
  const heading = /^(\d+)\. [A-Z ]+$/.exec(line)
  if (heading) current = Number(heading[1])
  else sections.set(current, [...(sections.get(current) ?? []), line])
}
const section = (n: number): string[] => sections.get(n) ?? []
const bullets = (n: number): string[] => section(n).filter((l) => l.startsWith('•')).map((l) => l.slice(1).trim())
const text = (n: number): string => section(n).join(' ')
const byId = <T extends { id: string }>(list: readonly T[], id: string): T => {
  const found = list.find((x) => x.id === id)
  if (!found) throw new Error(`no "${id}"`)
  return found
}

test('the seed has its twelve sections', () => {
  expect([...sections.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
})

test('1. Scope: the controller, the sites, the services, the channels', () => {
  expect(text(1)).toContain(`how ${policy.meta.controller} (`)
  for (const site of policy.meta.scope.sites) expect(bullets(1)[0]).toContain(site)
  expect(bullets(1)[1]).toContain('MAAS work-order platform')
  expect(policy.meta.scope.services.join(' ')).toContain('MAAS work-order platform')
  expect(bullets(1)[2]).toBe(`interact with us via ${['SMS', 'email', 'phone'].join(', ')}, or other channels.`)
  expect(policy.meta.scope.channels).toEqual(['SMS', 'email', 'phone', 'other channels'])
})

describe('2. Information we collect', () => {
  const SOURCES: Record<string, string[]> = {
    'provided by you': ['user'],
    'provided by you or your employer': ['user', 'employer'],
    'collected automatically': ['automatic'],
  }
  const lines = section(2).filter((l) => l.includes(' – '))

  test('five categories, each with its examples and sources', () => {
    expect(lines).toHaveLength(5)
    expect(policy.dataCategories).toHaveLength(5)
    lines.forEach((line, i) => {
      const [, name, examples, source] = /^(.+?) – (.+) \((.+)\)\.$/.exec(line) ?? []
      const category = policy.dataCategories[i]!
      expect(category.name).toBe(name)
      expect(category.examples.join(', ')).toBe(examples)
      expect(category.sources).toEqual(SOURCES[source!])
    })
  })

  test('no data knowingly collected from children under 13', () => {
    expect(section(2)).toContain(policy.children.statement)
    expect(policy.children.statement).toContain(`under ${String(policy.children.minimumAge)}`)
  })
})

describe('3. How we use information', () => {
  // Each seed bullet and the purposes it became; bullets 2 and 5 are split (see onmion-policy.ts).
  const MAP: [string, string[]][] = [
    ['Deliver, maintain, and improve the Services', ['service_delivery']],
    ['Send transactional communications (SMS or email)', ['transactional_sms', 'transactional_email']],
    ['Provide customer support', ['customer_support']],
    ['Monitor, audit, and enhance security', ['security_monitoring']],
    ['Conduct analytics, debugging, and fraud prevention', ['analytics', 'debugging_fraud_prevention']],
    ['Comply with legal, regulatory, or carrier requirements', ['legal_compliance']],
  ]

  test('every bullet maps to at least one purpose, every purpose to exactly one bullet', () => {
    expect(bullets(3)).toHaveLength(MAP.length)
    bullets(3).forEach((bullet, i) => {
      const [start, ids] = MAP[i]!
      expect(bullet.startsWith(start)).toBe(true)
      expect(ids.length).toBeGreaterThan(0)
    })
    expect(MAP.flatMap(([, ids]) => ids).sort()).toEqual(policy.purposes.map((p) => p.id).sort())
  })

  test('unsplit bullets are transcribed word for word', () => {
    for (const [i, id] of [[0, 'service_delivery'], [2, 'customer_support'], [3, 'security_monitoring'], [5, 'legal_compliance']] as const) {
      expect(byId(policy.purposes, id).description).toBe(bullets(3)[i])
    }
  })

  test('the split bullets: SMS on consent and email on contract; analytics on consent, debugging and fraud prevention on legitimate interest', () => {
    const example = /“(.+)”/.exec(bullets(3)[1]!)?.[1]
    for (const id of ['transactional_sms', 'transactional_email'] as const) expect(byId(policy.purposes, id).description).toContain(`"${example ?? ''}"`)
    expect(byId(policy.purposes, 'transactional_sms').basis).toBe('consent')
    expect(byId(policy.purposes, 'transactional_email').basis).toBe('contract')
    expect(byId(policy.purposes, 'analytics')).toMatchObject({ basis: 'consent', description: expect.stringContaining('analytics') })
    expect(byId(policy.purposes, 'debugging_fraud_prevention')).toMatchObject({ basis: 'legitimate_interest', description: 'Conduct debugging and fraud prevention.' })
    expect(byId(policy.purposes, 'legal_compliance').basis).toBe('legal_obligation')
  })
})

describe('4. SMS text messaging', () => {
  const sms = policy.channels.sms
  test('the four enrollment methods', () => {
    expect(section(4)[0]).toBe('Enrollment Methods: keyword text, verbal consent, signed form, or when you text us first.')
    expect(sms.enrollmentMethods.map((m) => m.name)).toEqual(['Keyword text', 'Verbal consent', 'Signed form', 'Texting us first'])
    expect(sms.enrollmentMethods.filter((m) => m.enrollsOnFirstInbound).map((m) => m.id)).toEqual(['text_first'])
  })

  test('STOP cancels; HELP, support@onmion.com and +1 800-555-1234 help', () => {
    expect(section(4)[1]).toBe('Opt-Out: Reply STOP to any message to cancel.')
    expect(sms.keywords.optOut[0]).toBe('STOP')
    expect(section(4)[2]).toBe('Help: Reply HELP or contact support@onmion.com or +1 800-555-1234.')
    expect(sms.keywords.help[0]).toBe('HELP')
    expect(sms.supportEmail).toBe('support@onmion.com')
    expect(sms.supportPhone).toBe('+18005551234')
    expect(policy.meta.contact.phone).toBe('+18005551234')
    expect(sms.texts.help).toContain('support@onmion.com')
    expect(sms.texts.help).toContain('+1 800-555-1234')
    expect(sms.texts.help).toContain('Reply STOP to cancel.')
  })

  test('frequency, rates and the carrier disclaimer, word for word', () => {
    expect(section(4)[3]).toBe(`${sms.frequency} ${sms.rates} ${sms.carrierDisclaimer}`)
    expect(sms.texts.optInConfirmation).toContain(sms.frequency)
    expect(sms.texts.optInConfirmation).toContain(sms.rates)
  })
})

describe('5. Sharing and disclosure', () => {
  test('no sale', () => {
    expect(section(5)[0]).toBe('We do NOT sell personal information. We share only as necessary:')
    expect(policy.sellsPersonalInformation).toBe(false)
  })

  test('the four kinds of recipients', () => {
    const KINDS = ['service_provider', 'employer', 'authority', 'business_transfer']
    expect(bullets(5)).toHaveLength(4)
    expect([...new Set(policy.recipients.map((r) => r.kind))]).toEqual(KINDS)
  })

  test('service providers: cloud hosting, SMS delivery (Vonage), analytics, payment processing', () => {
    expect(bullets(5)[0]).toBe('Service providers – cloud hosting, SMS delivery (e.g., Vonage), analytics, payment processing.')
    const providers = policy.recipients.filter((r) => r.kind === 'service_provider').map((r) => r.name.toLowerCase())
    for (const [i, kind] of ['cloud hosting', 'sms delivery', 'analytics', 'payment process'].entries()) expect(providers[i]).toContain(kind)
    expect(byId(policy.recipients, 'sms_delivery').examples).toEqual(['Vonage'])
    expect(policy.channels.sms.provider).toBe('sms_delivery')
  })

  test('the employer: work-order status and performance metrics, work-order data only', () => {
    expect(bullets(5)[1]).toBe('Your employer or organization – work-order status and performance metrics.')
    const employer = byId(policy.recipients, 'employer')
    expect(employer.name).toBe('Your employer or organization')
    expect(employer.scope?.toLowerCase()).toContain('work-order status and performance metrics')
    expect(employer.categories).toEqual(['work_order_data'])
  })

  test('authorities and business transfers', () => {
    const [authorities, transfers] = [byId(policy.recipients, 'authorities'), byId(policy.recipients, 'business_transfer')]
    expect(bullets(5)[2]).toBe(`${authorities.name} – ${authorities.description.toLowerCase().replace(/\.$/, '')}.`)
    expect(bullets(5)[3]).toBe('Business transfers – in merger, acquisition, or asset sale (information remains protected).')
    for (const word of ['merger', 'acquisition', 'asset sale', 'remains protected']) expect(transfers.description).toContain(word)
  })
})

describe('6. Cookies and tracking, and the banner', () => {
  test('first- and third-party cookies: logged-in session, preferences, traffic measurement', () => {
    expect(section(6)[0]).toBe(`We use first- and third-party cookies to keep you logged in, remember preferences, and measure traffic. ${policy.cookies.browserControls}`)
    expect(new Set(policy.cookies.declared.map((c) => c.party))).toEqual(new Set(['first', 'third']))
    const purposeOf = (category: string) => policy.cookies.declared.filter((c) => c.category === category).map((c) => c.purpose).join(' ')
    expect(purposeOf('strictly_necessary')).toContain('logged in')
    expect(purposeOf('preferences')).toContain('preferences')
    expect(purposeOf('analytics')).toContain('traffic')
    expect(policy.cookies.categories.map((c) => [c.id, c.required])).toEqual([['strictly_necessary', true], ['preferences', false], ['analytics', false]])
  })

  test('the banner text is the seed’s, word for word', () => {
    expect(seed.trim().split('\n').at(-1)).toBe(policy.cookies.banner.text)
  })
})

describe('7. Data retention', () => {
  test('purpose-bound by default', () => {
    expect(text(7)).toContain('only as long as needed for the purposes in Section 3')
    for (const category of policy.dataCategories) expect(byId(policy.retention, category.retention).kind).toBe('purpose_bound')
  })

  test('accounting records: seven years', () => {
    expect(text(7)).toContain('seven years for accounting records')
    expect(byId(policy.retention, 'accounting_records')).toMatchObject({ kind: 'fixed', duration: 'P7Y', minimum: 'P7Y', operationalDefaults: [] })
  })

  test('SMS opt-out logs: a minimum of five years', () => {
    expect(text(7)).toContain('SMS opt-out logs are retained a minimum of five years for carrier audits')
    const rule = byId(policy.retention, 'sms_opt_out_logs')
    expect(rule).toMatchObject({ kind: 'minimum', minimum: 'P5Y' })
    expect(rule.operationalDefaults).not.toContain('minimum')
  })
})

test('8. Security: the four controls and the two frameworks', () => {
  const [controls = '', disclaimer] = text(8).split(/(?<=\.) /)
  expect(policy.security.controls.map((c) => c.id)).toEqual(['tls_in_transit', 'aes256_at_rest', 'least_privilege', 'penetration_testing'])
  for (const control of policy.security.controls) expect(controls.toLowerCase()).toContain(control.name.toLowerCase())
  expect(disclaimer).toBe(policy.security.disclaimer)
  for (const framework of policy.security.frameworks) expect(disclaimer).toContain(framework)
  expect(policy.security.frameworks).toEqual(['NIST SP 800-53', 'ISO 27001'])
})

test('9. Your rights: the six rights, privacy@onmion.com, 30 days', () => {
  expect(text(9)).toContain('access, correct, delete, restrict, or object to processing of your personal data, and to request data portability')
  expect(policy.rights.types.map((r) => r.id)).toEqual(['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'])
  expect(text(9)).toContain(`Submit requests to ${policy.rights.contact}; we respond within 30 days.`)
  expect(policy.rights.contact).toBe('privacy@onmion.com')
  expect(policy.rights.deadline).toBe('P30D')
  expect(text(9).startsWith('Depending on your jurisdiction, you may have')).toBe(true)
})

test('10. Do Not Track: not honored, word for word', () => {
  expect(text(10)).toBe(policy.signals.doNotTrack.statement)
  expect(policy.signals.doNotTrack.honored).toBe(false)
})

test('11. Changes: word for word, announced on the Site or by email', () => {
  expect(text(11).replace(/[“”]/g, '"')).toBe(policy.meta.changes.description)
  expect(policy.meta.changes.announcedVia).toEqual(['site', 'email'])
})

test('12. Contact us: Onmion LLC, and the addresses the seed gives', () => {
  expect(section(12)[0]).toBe(policy.meta.controller)
  expect(seed).toContain(policy.meta.contact.privacy)
  expect(seed).toContain(policy.meta.contact.support)
})
