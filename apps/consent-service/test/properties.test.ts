import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { generateCheckpointKey } from '@onmion/privacy-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'
import { startSmtp, type TestSmtp } from './smtp.js'

// A property suite over every write endpoint: request bodies are generated from the JSON Schemas
// of the OpenAPI document (themselves generated from the zod schemas that validate requests),
// then some are broken by a hostile mutation. Whatever comes in: no 5xx, nothing written by a
// refused request, and the ledger verifies at the end. Bounded by runs per endpoint (about twenty
// seconds per backend on a quiet machine); a failure prints its seed, and PROPERTY_SEED=<seed>
// replays that run.
const RUNS = 20
const SEED = process.env.PROPERTY_SEED === undefined || process.env.PROPERTY_SEED === '' ? undefined : Number(process.env.PROPERTY_SEED)

type Schema = Record<string, unknown>
type Doc = { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>; components?: { schemas?: Record<string, Schema> } }

/** Follows a local `$ref` (`#/components/schemas/X`, `#/$defs/X`). */
function resolve(doc: Doc, root: Schema, schema: Schema): Schema {
  const ref = schema.$ref
  if (typeof ref !== 'string') return schema
  let target: unknown = ref.startsWith('#/$defs/') ? root : doc
  for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[decodeURIComponent(part)]
  return (target as Schema | undefined) ?? {}
}

/** A fast-check arbitrary of values matching a JSON Schema (the subset zod emits). */
function arbitrary(doc: Doc, root: Schema, input: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, root, input)
  if (depth > 6) return fc.constant(null)
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (options !== undefined) return fc.oneof(...options.map((o) => arbitrary(doc, root, o, depth + 1)))
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(), noInvalidDate: true }).map((d) => d.toISOString())
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= ((schema.maxLength as number | undefined) ?? 200))
      return fc.string({ minLength: (schema.minLength as number | undefined) ?? 0, maxLength: Math.min((schema.maxLength as number | undefined) ?? 20, 20) })
    }
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -10, max: Math.min((schema.maximum as number | undefined) ?? 1000, 1000) })
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {}
      return fc.array(arbitrary(doc, root, items, depth + 1), { minLength: (schema.minItems as number | undefined) ?? 0, maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, 3) })
    }
    case 'object': {
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {}
      const required = new Set((schema.required as string[] | undefined) ?? [])
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, value] of Object.entries(properties)) record[key] = arbitrary(doc, root, value, depth + 1)
      const extra = schema.additionalProperties
      if (Object.keys(record).length === 0 && typeof extra === 'object' && extra !== null) {
        return fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), arbitrary(doc, root, extra as Schema, depth + 1), { maxKeys: 3 })
      }
      return fc.record(record, { requiredKeys: [...required] })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Hostile changes: each is something a probe sent that once gave a 5xx, or a near relative. */
const hostile: fc.Arbitrary<(body: unknown) => unknown> = fc.constantFrom(
  (b: unknown) => inject(b, (s) => `${s}\u0000`),
  (b: unknown) => inject(b, (s) => `${s}\ud800`),
  (b: unknown) => inject(b, (s) => `\udfff${s}`),
  (b: unknown) => inject(b, () => '0000-01-01T00:00:00Z'),
  (b: unknown) => inject(b, () => '+275760-09-13T00:00:00.000Z'),
  (b: unknown) => inject(b, () => 'x'.repeat(5000)),
  // Past the body limit (256 KiB): a 413 after the body is read, on a connection the service closes.
  (b: unknown) => inject(b, () => 'x'.repeat(300 * 1024)),
  (b: unknown) => withKey(b, '__proto__', { polluted: true }),
  (b: unknown) => withKey(b, 'constructor', 1),
  (b: unknown) => withKey(b, 'evidence', deep(200)),
  (b: unknown) => withKey(b, 'patch', deep(200)),
  (b: unknown) => withKey(b, 'occurredAt', '0000-06-01T00:00:00Z'),
  (b: unknown) => withKey(b, 'receivedAt', '10000-01-01T00:00:00Z'),
  (b: unknown) => withKey(b, 'batchSize', 1e308),
  () => deep(500),
  () => [],
  () => null,
  () => 'text',
)

function deep(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

function withKey(body: unknown, key: string, value: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body
  // Through JSON text, so `__proto__` travels as an own key, as an attacker would send it.
  return JSON.parse(JSON.stringify(body).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)}${Object.keys(body).length > 0 ? ',' : ''}`)) as unknown
}

/** Changes the first string leaf found (or the value itself when it is a string). */
function inject(body: unknown, change: (s: string) => string): unknown {
  if (typeof body === 'string') return change(body)
  if (body === null || typeof body !== 'object') return body
  const copy: Record<string, unknown> | unknown[] = Array.isArray(body) ? [...(body as unknown[])] : { ...(body as Record<string, unknown>) }
  for (const key of Object.keys(copy)) {
    const value = (copy as Record<string, unknown>)[key]
    if (typeof value === 'string' || (value !== null && typeof value === 'object')) {
      ;(copy as Record<string, unknown>)[key] = inject(value, change)
      return copy
    }
  }
  return copy
}

for (const backend of backends()) {
  describe(`write endpoints under generated and hostile input on ${backend.name}`, () => {
    let db: TestDatabase
    let service: ServiceProcess
    // The request page's endpoints send a code by email: a real SMTP server takes it, so they are
    // exercised past their configuration check.
    let smtp: TestSmtp
    let admin: ReturnType<typeof client>
    let doc: Doc
    let rightsId = ''

    beforeAll(async () => {
      db = await backend.create()
      smtp = await startSmtp()
      service = await startService({ ...db.env, ...smtp.env(), VONAGE_SIGNATURE_SECRET: 'property-signature-secret-0123456789', VONAGE_JWT_SECRET: 'property-jwt-secret-0123456789abcdef', RATE_LIMIT_PER_SECOND: '10000', RATE_LIMIT_BURST: '10000', RATE_LIMIT_PUBLIC_PER_SECOND: '10000', RATE_LIMIT_PUBLIC_BURST: '10000', ONMION_PRIVACY_CHECKPOINT_KEY: JSON.stringify(generateCheckpointKey('properties')) })
      admin = client(service.url, service.adminKey)
      doc = (await admin('GET', '/openapi.json')).json as Doc
      // A subject with data and one open request, so rights writes can get past "not found".
      await admin('POST', '/v1/consent-events', { subject: 'u_prop', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      rightsId = (await admin('POST', '/v1/rights-requests', { subject: 'u_prop', type: 'access', channel: 'email' })).json.id as string
    })
    afterAll(async () => {
      await service.stop()
      await smtp.close()
      await db.drop()
    })

    /** What a write could change: ledger events, rights requests and their history, keys. */
    const footprint = async (): Promise<string> => {
      const verify = (await admin('GET', '/v1/ledger/verify')).json as { events: number }
      const requests = (await admin('GET', '/v1/rights-requests?limit=1000')).json as { requests: { id: string; status: string; history: unknown[] }[] }
      const keys = (await admin('GET', '/v1/keys')).json as { keys: { id: string; revokedAt: string | null }[] }
      return JSON.stringify([verify.events, requests.requests.map((r) => [r.id, r.status, r.history.length]), keys.keys.map((k) => [k.id, k.revokedAt])])
    }

    it('never answers 5xx, never writes on a refusal, and leaves a ledger that verifies', async () => {
      const writes = Object.entries(doc.paths).flatMap(([path, item]) => (item.post === undefined ? [] : [{ path, schema: item.post.requestBody?.content?.['application/json']?.schema ?? {} }]))
      expect(writes.map((w) => w.path)).toEqual(expect.arrayContaining(['/v1/consent-events', '/v1/rights-requests', '/v1/rights-requests/{id}/transitions', '/v1/keys', '/v1/keys/{id}/revoke', '/v1/sms/inbound/vonage']))
      for (const write of writes) {
        const body = fc.oneof(
          { weight: 1, arbitrary: arbitrary(doc, write.schema, write.schema) },
          { weight: 2, arbitrary: fc.tuple(arbitrary(doc, write.schema, write.schema), hostile).map(([value, mutate]) => mutate(value)) },
        )
        await fc.assert(
          fc.asyncProperty(body, fc.constantFrom(rightsId, 'rr_missing', 'key%00x'), async (value, id) => {
            const path = write.path.replace('{id}', id)
            const before = await footprint()
            const answer = await admin('POST', path, JSON.stringify(value), { 'content-type': 'application/json', 'idempotency-key': randomUUID() })
            expect(answer.status, `${path} ${answer.text}`).toBeLessThan(500)
            if (answer.status >= 400) {
              expect(answer.headers.get('content-type')).toBe('application/problem+json')
              expect(await footprint(), `${path} refused with ${answer.status} but wrote`).toBe(before)
            }
          }),
          { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
        )
      }
      expect((await admin('GET', '/v1/ledger/verify')).json).toMatchObject({ ok: true, brokenSubjects: 0 })
    })
  })
}
