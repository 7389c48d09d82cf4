import { z } from 'zod'
import type { AnyRoute, ResponseSpec } from './route.js'

/**
 * The RFC 9457 problem document every error answer carries (the OpenAPI `Problem` component).
 * Loose, because RFC 9457 lets a problem carry extension members (a refused webhook names its `reason`).
 *
 * @example
 * Problem.parse(await response.json())
 */
export const Problem = z
  .looseObject({
    type: z.string().describe('URI reference naming the problem type, e.g. /problems/invalid-input'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().describe('the request path'),
    errors: z.array(z.object({ field: z.string().describe('e.g. body.events[0].subject'), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' })

type JsonSchema = Record<string, unknown>

/** Where every shared schema lives, and so where every `$ref` of the document points. */
const COMPONENTS = '#/components/schemas/'

/**
 * The document's named schemas. A schema gets a name from a zod `id` (`.meta({ id: 'RightsRequest' })`),
 * or, when zod had to extract it without one because it is recursive, from its shape (below).
 * One name, one schema: a second, different schema under a taken name is an error, so two
 * routes can never silently disagree about what a `RightsRequest` is.
 */
class Components {
  readonly schemas: Record<string, JsonSchema> = {}

  add(name: string, schema: JsonSchema, where: string): void {
    // The names OpenAPI allows for components, which also makes them safe in a `$ref` as they are.
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`OpenAPI: "${name}" (at ${where}) is not a component name; use letters, digits, ".", "_" and "-"`)
    const existing = this.schemas[name]
    if (existing === undefined) {
      this.schemas[name] = schema
      return
    }
    if (JSON.stringify(existing) !== JSON.stringify(schema)) {
      throw new Error(
        `OpenAPI: two different schemas are named "${name}" (the second at ${where}); a schema that differs between request and response (defaults, transforms) needs its own id for each`,
      )
    }
  }
}

/**
 * The recursive JSON value (`z.json()`: evidence, patches), which zod extracts as an unnamed
 * `$defs` entry. Recognized by its shape, with `SELF` standing for its reference to itself.
 */
const SELF = '#self'
const JSON_VALUE = JSON.stringify({
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'null' },
    { type: 'array', items: { $ref: SELF } },
    { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { $ref: SELF } },
  ],
})

/**
 * What the document says for it instead: any value. In a JSON body every value is a JSON value,
 * so the recursive definition rules nothing out there; and its self-reference through an array is
 * a type openapi-typescript emits but TypeScript cannot resolve (TS2502, which `skipLibCheck`
 * hides by turning the type into `any`, and which then refuses every evidence object in
 * openapi-fetch). Callers get `unknown`, which is what a JSON value is to them.
 */
const JSON_VALUE_SCHEMA: JsonSchema = { description: 'any JSON value' }

/** Applies `change` to every `$ref` in a JSON Schema, returning a copy. */
function mapRefs(node: unknown, change: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => mapRefs(item, change))
  if (node === null || typeof node !== 'object') return node
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(node)) out[key] = key === '$ref' && typeof value === 'string' ? change(value) : mapRefs(value, change)
  return out
}

const DEF_PREFIX = '#/$defs/'
const defKey = (ref: string): string => ref.slice(DEF_PREFIX.length).replace(/~1/g, '/').replace(/~0/g, '~')

/** A `$defs` entry zod extracted, as a component: named by its zod id, or (unnamed, so recursive) by its shape. */
function component(key: string, def: JsonSchema, where: string): { name: string; schema: JsonSchema } {
  if (!/^__schema\d+$/.test(key)) return { name: key, schema: def }
  const shape = JSON.stringify(mapRefs(def, (ref) => (ref.startsWith(DEF_PREFIX) && defKey(ref) === key ? SELF : ref)))
  if (shape === JSON_VALUE) return { name: 'JsonValue', schema: JSON_VALUE_SCHEMA }
  throw new Error(`OpenAPI: a recursive schema at ${where} has no name; give it one with .meta({ id: 'ReadableName' })`)
}

/**
 * Converts a zod schema to an OpenAPI 3.1 schema object (JSON Schema 2020-12). The schemas zod
 * puts in a local `$defs` (named and recursive ones) move to `components/schemas`, and their
 * `$ref`s with them: in OpenAPI a `#/...` reference resolves against the document, where a
 * schema-local `$defs` is not.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Components, where: string): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', cycles: 'ref' }) as JsonSchema
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>
  delete json.$schema
  delete json.$defs
  const named = Object.entries(defs).map(([key, def]) => ({ key, ...component(key, def, where) }))
  const names = new Map(named.map(({ key, name }) => [key, name]))
  const toComponent = (ref: string): string => {
    if (ref === '#') throw new Error(`OpenAPI: the schema at ${where} refers to itself; give it a name with .meta({ id: 'ReadableName' })`)
    const name = ref.startsWith(DEF_PREFIX) ? names.get(defKey(ref)) : undefined
    if (name === undefined) throw new Error(`OpenAPI: ${where} has a $ref the document cannot resolve: ${ref}`)
    return `${COMPONENTS}${name}`
  }
  for (const { name, schema: def } of named) components.add(name, mapRefs(def, toComponent) as JsonSchema, where)
  return mapRefs(json, toComponent) as JsonSchema
}

function responseContent(spec: ResponseSpec, status: number, components: Components, where: string): JsonSchema | undefined {
  if (spec.schema === undefined) {
    if (spec.mediaType !== undefined) return { [spec.mediaType]: {} }
    // An error answer without a schema of its own is a problem document, as every error is.
    return status >= 400 ? PROBLEM_CONTENT : undefined
  }
  const schema = spec.schema instanceof z.ZodType ? toSchema(spec.schema, 'output', components, where) : { ...spec.schema }
  const content: JsonSchema = { [spec.mediaType ?? 'application/json']: { schema } }
  if (spec.plainText === true) content['text/plain'] = { schema: { type: 'string' } }
  return content
}

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: `${COMPONENTS}Problem` } } }

/** OpenAPI parameters from an object schema (path or query). */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', components: Components, operation: string): JsonSchema[] {
  if (schema === undefined) return []
  const json = toSchema(schema, 'input', components, `${operation} ${where} parameters`)
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property
    const parameter: JsonSchema = { name, in: where, required: where === 'path' || required.has(name), schema: rest }
    if (typeof description === 'string') parameter.description = description
    return parameter
  })
}

/**
 * The answers the HTTP edge gives before a handler runs, by what the route takes. The contract
 * tests (test/contract.ts) hold the service to this table: an edge answer that is not here fails them.
 */
const ERROR_RESPONSES: Record<number, string> = {
  400: 'invalid input or malformed JSON; `errors` names each bad field',
  401: 'no valid API key',
  403: 'the key lacks the scope this operation needs',
  413: 'the request body is larger than the limit',
  415: 'the body is not application/json',
  429: 'too many requests (per API key, or per client address without a valid key); see Retry-After',
}

function edgeStatuses(route: AnyRoute): number[] {
  // Every route is rate limited: per key, and per client address for requests without a valid key.
  const statuses = route.access.kind === 'key' ? [401, 403, 429] : [429]
  if (route.body !== undefined || route.query !== undefined || route.params !== undefined) statuses.push(400)
  // The body limit holds for every request that carries a body, whether the route reads one or not.
  if (route.body !== undefined || route.method !== 'get') statuses.push(413)
  // A raw body (a webhook's form post) is read by its handler, so no media type is refused.
  if (route.body !== undefined && route.rawBody !== true) statuses.push(415)
  return statuses
}

/**
 * Builds the OpenAPI 3.1 document from the same route definitions (and so the same zod
 * schemas) that validate requests: what the document says is what the service checks.
 * Named and recursive schemas are `components/schemas` entries, and every `$ref` points there,
 * so standard tools (swagger-parser, openapi-typescript, Redocly) resolve the document.
 *
 * @example
 * const doc = buildOpenApi(routes, { title: 'Onmion consent service', version: '0.1.0', description: 'Consent and rights' })
 */
export function buildOpenApi(routes: readonly AnyRoute[], info: { title: string; version: string; description: string }, named: Record<string, z.ZodType> = {}): JsonSchema {
  const components = new Components()
  toSchema(Problem, 'output', components, 'Problem')
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const route of routes) {
    const name = `${route.method.toUpperCase()} ${route.path}`
    const responses: Record<string, JsonSchema> = {}
    for (const [status, spec] of Object.entries(route.responses)) {
      const content = responseContent(spec, Number(status), components, `${name} response ${status}`)
      responses[status] = content === undefined ? { description: spec.description } : { description: spec.description, content }
    }
    for (const status of edgeStatuses(route)) responses[String(status)] ??= { description: ERROR_RESPONSES[status] ?? 'error', content: PROBLEM_CONTENT }

    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path', components, name), ...parameters(route.query, 'query', components, name)],
      responses,
    }
    if (route.description !== undefined) operation.description = route.description
    if (route.access.kind === 'key') {
      operation.security = [{ apiKey: [] }]
      operation['x-required-scope'] = route.access.scope
      if (route.access.publishable === true) operation['x-publishable-key'] = true
    } else {
      operation.security = []
    }
    if (route.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: { [route.rawBody === true ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: toSchema(route.body, 'input', components, `${name} request body`) } },
      }
    }
    paths[route.path] = { ...paths[route.path], [route.method]: operation }
  }
  for (const [key, schema] of Object.entries(named)) {
    const json = toSchema(schema, 'output', components, key)
    if (json.$ref !== `${COMPONENTS}${key}`) components.add(key, json, key)
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created with `onmion-privacy keys create`.' } },
    },
  }
}
