import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { expect, test } from 'vitest'
import { sampleInput } from '../test/sample-policy.js'
import { policyJsonSchema } from './json-schema.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits JSON documents freely
type Doc = Record<string, any>

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats.default(ajv)
  return ajv.compile(policyJsonSchema())
}

test('the schema is draft 2020-12 and lists every section as required', () => {
  const schema = policyJsonSchema()
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
  expect(schema.type).toBe('object')
  expect(schema.required).toEqual(['meta', 'dataCategories', 'purposes', 'recipients', 'sellsPersonalInformation', 'channels', 'cookies', 'retention', 'rights', 'children', 'signals', 'security'])
  expect((schema.properties as Record<string, unknown>).sellsPersonalInformation).toEqual({ type: 'boolean', const: false })
})

test('a valid policy validates, as JSON', () => {
  const validate = validator()
  const ok = validate(JSON.parse(JSON.stringify(sampleInput())))
  expect(validate.errors ?? []).toEqual([])
  expect(ok).toBe(true)
})

test('shape errors are caught: a missing section, a bad id, a sale, a malformed duration', () => {
  const validate = validator()
  const cases: [(doc: Doc) => void, string][] = [
    [(d) => {
      delete d.rights
    }, 'rights'],
    [(d) => {
      (d.purposes[0].id = 'Not Snake')
    }, '/purposes/0/id'],
    [(d) => {
      (d.sellsPersonalInformation = true)
    }, '/sellsPersonalInformation'],
    [(d) => {
      (d.retention[0].duration = '7 years')
    }, '/retention/0/duration'],
    [(d) => {
      (d.meta.contact.privacy = 'not-an-email')
    }, '/meta/contact/privacy'],
    [(d) => {
      (d.cookies.declared[0].lifetime = 'forever')
    }, '/cookies/declared/0/lifetime'],
  ]
  for (const [mutate, where] of cases) {
    const doc = sampleInput() as Doc
    mutate(doc)
    expect(validate(doc)).toBe(false)
    expect(JSON.stringify(validate.errors)).toContain(where)
  }
})

test('defaults make fields optional in the input schema', () => {
  const validate = validator()
  const doc = sampleInput() as Doc
  delete doc.meta.operationalDefaults
  delete doc.recipients[0].examples
  expect(validate(doc)).toBe(true)
})
