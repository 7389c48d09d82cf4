import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildOpenApi } from './openapi.js'
import { defineRoute, type AnyRoute } from './route.js'

const INFO = { title: 't', version: '0.0.0', description: 'd' }

function route(path: `/${string}`, parts: { body?: z.ZodType; response?: z.ZodType }): AnyRoute {
  return defineRoute({
    method: 'post',
    path,
    operationId: path.slice(1).replace(/\W/g, '_'),
    summary: path,
    tag: 'test',
    access: { kind: 'key', scope: 'admin' },
    ...(parts.body === undefined ? {} : { body: parts.body }),
    responses: { 200: { description: 'ok', ...(parts.response === undefined ? {} : { schema: parts.response }) }, 404: { description: 'no such thing' } },
    handler: ({ c }) => c.json({}),
  })
}

/** Every `$ref` in the document. */
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

describe('buildOpenApi', () => {
  it('names the recursive JSON value JsonValue in components/schemas (any value: what a JSON body holds), and points every $ref there', () => {
    const doc = buildOpenApi([route('/a', { body: z.object({ patch: z.record(z.string(), z.json()) }) }), route('/b', { body: z.object({ evidence: z.json() }) })], INFO)
    const text = JSON.stringify(doc)
    expect(text).not.toContain('$defs')
    expect(text).not.toContain('__schema')
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas
    expect(Object.keys(schemas).sort()).toEqual(['JsonValue', 'Problem'])
    expect(schemas.JsonValue).toEqual({ description: 'any JSON value' })
    expect(refs(doc).filter((r) => r.endsWith('/JsonValue'))).toHaveLength(2)
    for (const ref of refs(doc)) expect(Object.keys(schemas)).toContain(ref.replace('#/components/schemas/', ''))
  })

  it('names a schema with a zod id once, however many operations use it', () => {
    const Widget = z.object({ id: z.string(), parts: z.array(z.string()) }).meta({ id: 'Widget' })
    const doc = buildOpenApi([route('/a', { response: Widget }), route('/b', { response: z.object({ widgets: z.array(Widget) }) })], INFO) as {
      components: { schemas: Record<string, unknown> }
      paths: Record<string, { post: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }>
    }
    expect(doc.components.schemas.Widget).toMatchObject({ type: 'object', required: ['id', 'parts'] })
    expect(doc.paths['/a']?.post.responses[200]?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Widget' })
    expect(refs(doc.paths['/b'])).toContain('#/components/schemas/Widget')
  })

  it('documents error answers without a schema of their own, and the edge answers, as problems', () => {
    const doc = buildOpenApi([route('/a', { body: z.object({ n: z.number() }) })], INFO) as { paths: Record<string, { post: { responses: Record<string, { content?: unknown }> } }> }
    const responses = doc.paths['/a']?.post.responses ?? {}
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404', '413', '415', '429'])
    for (const status of ['400', '401', '403', '404', '413', '415', '429']) {
      expect(responses[status]?.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } })
    }
    expect(responses['200']?.content).toBeUndefined()
  })

  it('refuses a recursive schema it cannot name, naming where it is', () => {
    type Tree = { children: Tree[] }
    const Tree: z.ZodType<Tree> = z.lazy(() => z.object({ children: z.array(Tree) }))
    expect(() => buildOpenApi([route('/trees', { body: z.object({ tree: Tree }) })], INFO)).toThrow(/recursive schema at POST \/trees request body has no name/)
  })

  it('refuses two different schemas under one name', () => {
    const first = z.object({ a: z.string() }).meta({ id: 'Clash' })
    const second = z.object({ b: z.string() }).meta({ id: 'Clash' })
    expect(() => buildOpenApi([route('/a', { response: first }), route('/b', { response: second })], INFO)).toThrow(/two different schemas are named "Clash" \(the second at POST \/b response 200\)/)
  })
})
