import { z } from 'zod'
import { renderDocsPage } from '../http/docs-page.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import { htmlPage } from '../http/security-headers.js'

/** The outline of an OpenAPI 3.1 document (its full schema is the OpenAPI specification's). */
const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })

/**
 * `GET /openapi.json` and `GET /docs` (the same document as a self-contained HTML page).
 *
 * @example
 * const routes = docsRoutes(() => openApiDocument)
 */
export function docsRoutes(document: () => Record<string, unknown>): AnyRoute[] {
  let html: string | undefined
  let json: string | undefined
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApi',
      summary: 'This API as an OpenAPI 3.1 document, generated from the schemas that validate requests',
      tag: 'docs',
      access: { kind: 'public' },
      responses: { 200: { description: 'the OpenAPI document', schema: OpenApiDocument } },
      handler: ({ c }) => c.body((json ??= JSON.stringify(document())), 200, { 'content-type': 'application/json' }),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'docs',
      summary: 'The API documentation, readable offline',
      tag: 'docs',
      access: { kind: 'public' },
      responses: { 200: { description: 'an HTML page', mediaType: 'text/html' } },
      handler: ({ c }) => htmlPage(c, (html ??= renderDocsPage(document()))),
    }),
  ]
}
