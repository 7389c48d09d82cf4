import { z } from 'zod'
import type { AnyRoute, ResponseSpec } from './route.js'

/**
 * The RFC 9457 problem document every error answer carries (the OpenAPI `Problem` component).
 *
 * @example
 * Problem.parse(await response.json())
 */
export const Problem = z.object({
  type: z.string().describe('URI reference naming the problem type, e.g. /problems/invalid-input'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().describe('the request path'),
  errors: z.array(z.object({ field: z.string().describe('e.g. body.events[0].subject'), message: z.string() })).optional(),
})

type JsonSchema = Record<string, unknown>

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema
  delete json.$schema
  return json
}

function responseContent(spec: ResponseSpec): JsonSchema | undefined {
  if (spec.schema === undefined) return spec.mediaType === undefined ? undefined : { [spec.mediaType]: {} }
  const schema = spec.schema instanceof z.ZodType ? toSchema(spec.schema, 'output') : { ...spec.schema }
  return { [spec.mediaType ?? 'application/json']: { schema } }
}

/** OpenAPI parameters from an object schema (path or query). */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return []
  const json = toSchema(schema, 'input')
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property
    const parameter: JsonSchema = { name, in: where, required: where === 'path' || required.has(name), schema: rest }
    if (typeof description === 'string') parameter.description = description
    return parameter
  })
}

const ERROR_RESPONSES: Record<number, string> = {
  400: 'invalid input or malformed JSON; `errors` names each bad field',
  401: 'no valid API key',
  403: 'the key lacks the scope this operation needs',
  413: 'the request body is larger than the limit',
  415: 'the body is not application/json',
  429: 'the key exceeded its rate limit; see Retry-After',
}

/**
 * Builds the OpenAPI 3.1 document from the same route definitions (and so the same zod
 * schemas) that validate requests: what the document says is what the service checks.
 *
 * @example
 * const doc = buildOpenApi(routes, { title: 'Onmion consent service', version: '0.1.0' })
 */
export function buildOpenApi(routes: readonly AnyRoute[], info: { title: string; version: string; description: string }, components: Record<string, z.ZodType> = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {}
    for (const [status, spec] of Object.entries(route.responses)) {
      const content = responseContent(spec)
      responses[status] = content === undefined ? { description: spec.description } : { description: spec.description, content }
    }
    const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
    const errorStatuses = route.access.kind === 'key' ? [401, 403, 429] : []
    if (route.body !== undefined || route.query !== undefined || route.params !== undefined) errorStatuses.push(400)
    if (route.body !== undefined) errorStatuses.push(413, 415)
    for (const status of errorStatuses) responses[String(status)] ??= { description: ERROR_RESPONSES[status] ?? 'error', content: problemContent }

    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
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
        content: { [route.rawBody === true ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: toSchema(route.body, 'input') } },
      }
    }
    paths[route.path] = { ...paths[route.path], [route.method]: operation }
  }
  const schemas: Record<string, JsonSchema> = { Problem: toSchema(Problem, 'output') }
  for (const [name, schema] of Object.entries(components)) schemas[name] = toSchema(schema, 'output')
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created with `onmion-privacy keys create`.' } },
    },
  }
}
