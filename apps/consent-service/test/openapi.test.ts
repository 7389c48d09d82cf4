import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import SwaggerParser from '@apidevtools/swagger-parser'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import createClient from 'openapi-fetch'
import openapiTS, { astToString } from 'openapi-typescript'
import { generateCheckpointKey } from '@onmion/privacy-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, checkContract, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'

const APP_DIR = resolve(import.meta.dirname, '..')
const CLIENT_DIR = resolve(import.meta.dirname, 'client')
const GENERATED = resolve(CLIENT_DIR, 'generated/openapi.ts')
const TSC = resolve(APP_DIR, 'node_modules/typescript/bin/tsc')

interface Document {
  openapi: string
  paths: Record<string, Record<string, { operationId: string }>>
  components: { schemas: Record<string, unknown> }
}

/** test/client/calls.ts, as the test uses it (its types come from the client generated here). */
interface CallsModule {
  calls: Record<string, (api: unknown, fixture: { subject: string; requestId: string; keyId: string; eventId: string }) => Promise<{ response: Response }>>
}

/** Every `$ref` in a document. */
function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, found)
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value)
      else refs(value, found)
    }
  }
  return found
}

function typecheck(project: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { cwd: APP_DIR }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` })
    })
  })
}

const pglite = backends().find((b) => b.name === 'pglite')!

/**
 * The document as another team uses it: served by a running service at /openapi.json, accepted
 * by swagger-parser, turned into a typed client by openapi-typescript, and that client type-checks
 * and works against the service with one call of every operation.
 */
describe('the OpenAPI document, as other teams consume it', () => {
  let db: TestDatabase
  let service: ServiceProcess
  let document: Document

  beforeAll(async () => {
    db = await pglite.create()
    // A signing key, so the proof and receipt operations answer as documented.
    service = await startService({ ...db.env, VONAGE_SIGNATURE_SECRET: 'test-signature-secret-0123456789', ONMION_PRIVACY_CHECKPOINT_KEY: JSON.stringify(generateCheckpointKey('typed-client')) })
    document = (await client(service.url)('GET', '/openapi.json')).json as Document
  })

  afterAll(async () => {
    await service.stop()
    await db.drop()
  })

  it('keeps every shared and recursive schema under components/schemas, with readable names, and every $ref resolves', () => {
    const text = JSON.stringify(document)
    expect(text).not.toContain('$defs')
    expect(text).not.toContain('__schema')
    const names = Object.keys(document.components.schemas)
    expect(names).toEqual(expect.arrayContaining(['Problem', 'JsonValue', 'RightsRequest', 'ApiKey']))
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z0-9]*$/)
    const all = refs(document)
    expect(all.length).toBeGreaterThan(50)
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\//)
      expect(names).toContain(ref.slice('#/components/schemas/'.length))
    }
  })

  it('is valid OpenAPI 3.1 for @apidevtools/swagger-parser', async () => {
    // validate() dereferences in place; the copy keeps the document as served.
    const api = (await SwaggerParser.validate(structuredClone(document) as never)) as unknown as Document
    expect(api.openapi).toBe('3.1.0')
  })

  it("passes Redocly's recommended rules with no error", async () => {
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config: await createConfig({ extends: ['recommended'] }) })
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`)
    expect(errors).toEqual([])
    // The warnings left are decisions: the public routes (health, policy, docs) answer nothing but
    // 200 (an unknown path is a 404 of no operation), and an internal API names no license.
    const warnings = new Set(problems.map((p) => p.ruleId))
    for (const rule of warnings) expect(['operation-4xx-response', 'info-license']).toContain(rule)
  })

  it('generates a typed client (openapi-typescript) that type-checks against a file calling every operation', async () => {
    const generated = astToString(await openapiTS(structuredClone(document) as never))
    await mkdir(dirname(GENERATED), { recursive: true })
    await writeFile(GENERATED, `// Generated by test/openapi.test.ts from GET /openapi.json; do not edit.\n${generated}`)
    // The README's client example, against the same generated types, so the docs cannot lie.
    const readme = await readFile(resolve(APP_DIR, 'README.md'), 'utf8')
    const example = /```ts\n(import createClient from 'openapi-fetch'[\s\S]*?)```/.exec(readme)?.[1]
    expect(example).toBeDefined()
    await writeFile(resolve(dirname(GENERATED), 'readme-example.ts'), example!.replace("from './onmion-consent'", "from './openapi.js'"))
    // A .ts file, not .d.ts: skipLibCheck would hide an unresolvable type in it (and make it any).
    const result = await typecheck(resolve(CLIENT_DIR, 'tsconfig.json'))
    expect(result.output).toBe('')
    expect(result.code).toBe(0)

    const { calls } = (await import(pathToFileURL(resolve(CLIENT_DIR, 'calls.ts')).href)) as CallsModule
    const operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId))
    expect(Object.keys(calls).sort()).toEqual(operationIds.sort())
  })

  it('the typed calls of every operation get documented answers from the service', async () => {
    const admin = client(service.url, service.adminKey)
    const subject = 'u_typed_client'
    const recorded = await admin('POST', '/v1/consent-events', { subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    expect(recorded.status).toBe(201)
    const request = await admin('POST', '/v1/rights-requests', { subject, type: 'access', channel: 'email' })
    const key = await admin('POST', '/v1/keys', { name: 'to revoke', scopes: ['decisions'] })
    const fixture = { subject, requestId: request.json.id as string, keyId: key.json.id as string, eventId: (recorded.json.event as { id: string }).id }

    const api = createClient({
      baseUrl: service.url,
      headers: { authorization: `Bearer ${service.adminKey ?? ''}` },
      // Each answer goes through the same contract check as the harness client's.
      fetch: async (input: Request) => {
        const response = await fetch(input)
        const url = new URL(input.url)
        await checkContract(service.url, { method: input.method, path: `${url.pathname}${url.search}`, status: response.status, contentType: response.headers.get('content-type'), text: await response.clone().text() })
        return response
      },
    })
    const { calls } = (await import(pathToFileURL(resolve(CLIENT_DIR, 'calls.ts')).href)) as CallsModule
    const statuses: Record<string, number> = {}
    for (const [operationId, call] of Object.entries(calls)) statuses[operationId] = (await call(api, fixture)).response.status
    // Every call succeeds (201 where it creates) but those refused as documented: the unsigned
    // webhook, and the request page's steps without email configured, a code, or a status token.
    const created = new Set(['recordConsentEvents', 'openRightsRequest', 'createKey', 'takeCheckpoint'])
    const refused: Record<string, number> = { vonageInbound: 401, startRightsRequest: 503, verifyRightsRequest: 400, getRightsRequestStatus: 401, getRightsRequestBundle: 401 }
    const expected = Object.fromEntries(Object.keys(calls).map((id) => [id, refused[id] ?? (created.has(id) ? 201 : 200)]))
    expect(statuses).toEqual(expected)
  })
})
