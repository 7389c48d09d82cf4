import { describe, expect, test } from 'vitest'
import { sampleInput, samplePolicy } from '../test/sample-policy.js'
import { isPolicyValidationError, PolicyValidationError } from './errors.js'
import { byId, definePolicy, parsePolicy, type PolicyDefinition } from './policy.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits JSON documents freely
type Doc = Record<string, any>

/** The issues parsing the sample policy gives after `mutate`, as `path: message` lines. */
function issuesAfter(mutate: (doc: Doc) => void): string[] {
  const doc = sampleInput() as Doc
  mutate(doc)
  try {
    parsePolicy(doc)
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError)
    return (error as PolicyValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`)
  }
  throw new Error('expected the policy to be invalid')
}

const find = (list: Doc[], id: string): Doc => list.find((item) => item.id === id)!

test('the sample policy is valid and comes back deeply frozen', () => {
  const policy = parsePolicy(sampleInput())
  expect(policy).toEqual(samplePolicy)
  expect(Object.isFrozen(policy.purposes[0]?.categories)).toBe(true)
  expect(() => {
    ;(policy.purposes as unknown as unknown[]).push({})
  }).toThrow(TypeError)
})

describe('cross-references', () => {
  test('a purpose naming an undeclared data category', () => {
    expect(issuesAfter((d) => {
      find(d.purposes, 'analytics').categories.push('usage_data2')
    })).toEqual([
      'purposes.analytics.categories[1]: unknown data category "usage_data2"',
    ])
  })

  test('a data category naming an undeclared retention rule', () => {
    expect(issuesAfter((d) => {
      (find(d.dataCategories, 'billing').retention = 'forever')
    })).toEqual(['dataCategories.billing.retention: unknown retention rule "forever"'])
  })

  test('a recipient naming an undeclared category and purpose', () => {
    expect(
      issuesAfter((d) => {
        const employer = find(d.recipients, 'employer')
        employer.categories.push('salaries')
        employer.purposes.unshift('marketing')
      }),
    ).toEqual(['recipients.employer.categories[1]: unknown data category "salaries"', 'recipients.employer.purposes[0]: unknown purpose "marketing"'])
  })

  test('a cookie category naming an undeclared purpose', () => {
    expect(issuesAfter((d) => {
      find(d.cookies.categories, 'stats').purposes.push('ads')
    })).toEqual(['cookies.categories.stats.purposes[1]: unknown purpose "ads"'])
  })

  test('a cookie in an undeclared category', () => {
    expect(issuesAfter((d) => {
      (d.cookies.declared[1].category = 'marketing')
    })).toEqual(['cookies.declared[1].category: unknown cookie category "marketing"'])
  })

  test('a cookie declared twice', () => {
    expect(issuesAfter((d) => {
      d.cookies.declared.push({ ...d.cookies.declared[0] })
    })).toEqual(['cookies.declared[2]: cookie session is declared twice'])
  })

  test('the channels naming an undeclared purpose or provider', () => {
    expect(
      issuesAfter((d) => {
        d.channels.sms.purpose = 'texts'
        d.channels.sms.provider = 'twilio'
        d.channels.email.purpose = 'newsletter'
      }),
    ).toEqual(['channels.sms.purpose: unknown purpose "texts"', 'channels.sms.provider: unknown recipient "twilio"', 'channels.email.purpose: unknown purpose "newsletter"'])
  })

  test('Global Privacy Control refusing an unknown or a strictly necessary category', () => {
    expect(issuesAfter((d) => {
      d.signals.globalPrivacyControl.refuses.push('ads', 'necessary')
    })).toEqual([
      'signals.globalPrivacyControl.refuses[1]: unknown cookie category "ads"',
      'signals.globalPrivacyControl.refuses[2]: cookie category "necessary" is strictly necessary and cannot be refused',
    ])
  })

  test.each([
    ['dataCategories', 'data category'],
    ['purposes', 'purpose'],
    ['recipients', 'recipient'],
    ['retention', 'retention rule'],
  ])('duplicate %s ids are named by index', (list, what) => {
    const issues = issuesAfter((d) => {
      d[list].push({ ...d[list][0] })
    })
    expect(issues).toContain(`${list}[${String(samplePolicy[list as 'purposes'].length)}].id: duplicate ${what} id "${String(samplePolicy[list as 'purposes'][0]?.id)}"`)
  })

  test('duplicate ids in the nested lists', () => {
    expect(issuesAfter((d) => {
      d.cookies.categories.push({ ...d.cookies.categories[1] })
    })).toEqual(['cookies.categories[2].id: duplicate cookie category id "stats"'])
    expect(issuesAfter((d) => {
      d.rights.types.push({ ...d.rights.types[0] })
    })).toEqual(['rights.types[3].id: duplicate right id "access"'])
    expect(issuesAfter((d) => {
      d.security.controls.push({ ...d.security.controls[0] })
    })).toEqual(['security.controls[1].id: duplicate security control id "tls"'])
    expect(issuesAfter((d) => {
      d.channels.sms.enrollmentMethods.push({ ...d.channels.sms.enrollmentMethods[0] })
    })).toEqual([
      'channels.sms.enrollmentMethods[2].id: duplicate enrollment method id "keyword"',
    ])
  })

  test('an objectable purpose on a basis that allows no objection', () => {
    expect(issuesAfter((d) => {
      (find(d.purposes, 'service').objectable = true)
    })).toEqual([
      'purposes.service.objectable: a purpose based on contract cannot be objected to; only legitimate interest or consent can',
    ])
  })

  test('retention rules: a fixed rule without duration, a minimum rule without minimum, a minimum longer than the duration', () => {
    expect(issuesAfter((d) => {
      delete find(d.retention, 'accounting').duration
    })).toEqual(['retention.accounting.duration: a fixed rule needs a duration'])
    expect(issuesAfter((d) => {
      delete find(d.retention, 'opt_outs').minimum
    })).toEqual(['retention.opt_outs.minimum: a minimum rule needs a minimum'])
    expect(issuesAfter((d) => {
      (find(d.retention, 'accounting').minimum = 'P7Y1D')
    })).toEqual([
      'retention.accounting.minimum: minimum P7Y1D is longer than the fixed duration P7Y',
    ])
  })

  test('a malformed duration is reported once, by the shape check, and compared with nothing', () => {
    expect(issuesAfter((d) => {
      (find(d.retention, 'accounting').minimum = 'seven years')
    })).toEqual([
      'retention.accounting.minimum: must be an ISO-8601 duration of whole units (at most 5 digits each), e.g. "P7Y" or "P30D"',
    ])
  })

  test('SMS keywords: listed twice, or in two lists (case-insensitively)', () => {
    expect(issuesAfter((d) => {
      d.channels.sms.keywords.optOut.push('stop')
    })).toEqual(['channels.sms.keywords.optOut[2]: keyword "stop" is listed twice'])
    expect(issuesAfter((d) => {
      d.channels.sms.keywords.help.push('End')
    })).toEqual(['channels.sms.keywords.help[1]: keyword "End" is already a optOut keyword'])
  })

  test('an operational default naming a field the entry does not set', () => {
    expect(issuesAfter((d) => {
      d.cookies.declared[1].operationalDefaults.push('lifetme')
    })).toEqual([
      'cookies.declared[1].operationalDefaults[1]: "lifetme" is not a field this entry sets',
    ])
    expect(issuesAfter((d) => {
      (find(d.retention, 'logs').operationalDefaults = ['minimum'])
    })).toEqual([
      'retention.logs.operationalDefaults[0]: "minimum" is not a field this entry sets',
    ])
  })
})

describe('shape', () => {
  test('every problem is listed, each with its path', () => {
    expect(
      issuesAfter((d) => {
        d.meta.version = 'v1'
        d.sellsPersonalInformation = true
        d.cookies.declared[0].pattern = '^session$'
        d.cookies.declared[1].pattern = '('
        d.channels.sms.supportPhone = '800-555-0100'
        d.purposes = []
      }),
    ).toEqual([
      'meta.version: must be a semantic version, e.g. "1.0.0"',
      'purposes: Too small: expected array to have >=1 items',
      'sellsPersonalInformation: must be false: this SDK enforces a no-sale policy',
      'channels.sms.supportPhone: must be an E.164 phone number, e.g. "+15551234567"',
      'cookies.declared[0]: must declare exactly one of "name" or "pattern"',
      'cookies.declared[1].pattern: must be a valid regular expression',
    ])
  })

  test('the error message lists the issues, and the error is recognized by name', () => {
    const error = (() => {
      try {
        parsePolicy({})
      } catch (e) {
        return e
      }
    })()
    expect(isPolicyValidationError(error)).toBe(true)
    expect(error).toMatchObject({ name: 'PolicyValidationError', code: 'POLICY_INVALID' })
    expect((error as Error).message).toMatch(/^invalid privacy policy \(\d+ issues\):\n {2}meta: /)
    expect(isPolicyValidationError(Object.assign(new Error('x'), { name: 'PolicyValidationError', issues: [] }))).toBe(true)
    expect(isPolicyValidationError(new Error('x'))).toBe(false)
  })

  test('parsePolicy reads JSON text and reports text that is not JSON', () => {
    expect(parsePolicy(JSON.stringify(samplePolicy))).toEqual(samplePolicy)
    expect(() => parsePolicy('{"meta":')).toThrow(PolicyValidationError)
    try {
      parsePolicy('{"meta":')
    } catch (error) {
      expect((error as PolicyValidationError).issues).toEqual([{ path: '', message: expect.stringMatching(/^not valid JSON: /) }])
    }
  })

  test('an unknown key is refused by name, never dropped: a typo must not pass as valid', () => {
    expect(issuesAfter((d) => {
      Object.assign(find(d.purposes, 'analytics'), { objectible: true })
      Object.assign(d.meta, { bannerText: 'x' })
    })).toEqual(['meta: Unrecognized key: "bannerText"', 'purposes.analytics: Unrecognized key: "objectible"'])
  })

  test('definePolicy throws the same error as parsePolicy', () => {
    const doc = sampleInput() as Doc
    find(doc.purposes, 'analytics').categories.push('usage_data2')
    expect(() => definePolicy(doc as PolicyDefinition<string, string, string, string, string>)).toThrow(
      'purposes.analytics.categories[1]: unknown data category "usage_data2"',
    )
  })
})

test('byId finds an entity or nothing', () => {
  expect(byId(samplePolicy.purposes, 'analytics')?.basis).toBe('consent')
  expect(byId(samplePolicy.purposes, 'nope')).toBeUndefined()
})
