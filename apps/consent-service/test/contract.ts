import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/**
 * The contract check: an answer of the service held to its own OpenAPI document. The test
 * harness runs it on every answer its `client` receives, so the document cannot drift from what
 * the service says, for the routes there are today and the ones added later.
 */

/** An answer that its operation's documented responses do not allow. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation'
}

/** What the check looks at: the request line and the answer as received. */
export interface Exchange {
  readonly method: string
  /** The request path, with its query string if any. */
  readonly path: string
  readonly status: number
  readonly contentType: string | null
  readonly text: string
}

interface Operation {
  readonly method: string
  readonly template: string
  readonly pattern: RegExp
  /** Path parameters: a template with fewer is the more specific match. */
  readonly params: number
  readonly responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}

const DOCUMENT_ID = 'https://onmion.invalid/openapi.json'
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/

/** A JSON pointer segment as a URI fragment segment. */
const segment = (value: string): string => encodeURIComponent(value.replace(/~/g, '~0').replace(/\//g, '~1'))

/**
 * An OpenAPI 3.1 document compiled for checking answers: response schemas are validated with
 * ajv in JSON Schema 2020-12 mode (OpenAPI 3.1's dialect), `$ref`s resolved within the document.
 *
 * @example
 * const contract = new Contract(await (await fetch(`${url}/openapi.json`)).json())
 * contract.check({ method: 'GET', path: '/healthz', status: 200, contentType: 'application/json', text: '{"status":"ok"}' })
 */
export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true })
  private readonly operations: Operation[] = []
  private readonly validators = new Map<string, ValidateFunction>()

  constructor(document: { paths: Record<string, Record<string, unknown>> }) {
    addFormats.default(this.ajv)
    this.ajv.addSchema(document, DOCUMENT_ID)
    for (const [template, item] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`)
      for (const [method, operation] of Object.entries(item)) {
        if (operation === null || typeof operation !== 'object' || !('responses' in operation)) continue
        const responses = operation.responses as Operation['responses']
        this.operations.push({ method: method.toUpperCase(), template, pattern, params: (template.match(/\{/g) ?? []).length, responses })
      }
    }
  }

  /** Throws {@link ContractViolation} when the answer is not one the document describes. */
  check(exchange: Exchange): void {
    const path = exchange.path.split('?')[0] ?? exchange.path
    const where = `${exchange.method} ${exchange.path} answered ${exchange.status}`
    const operation = this.operations.filter((o) => o.method === exchange.method.toUpperCase() && o.pattern.test(path)).sort((a, b) => a.params - b.params)[0]
    if (operation === undefined) {
      // No operation: the only documented answer is the problem for an unknown route.
      if (exchange.status !== 404) throw new ContractViolation(`${where}, but the document has no operation for it (an undocumented route?)`)
      this.checkBody(where, 'no operation (unknown route)', `#/components/schemas/Problem`, exchange, 'application/problem+json')
      return
    }
    const name = `${operation.method} ${operation.template}`
    const response = operation.responses[String(exchange.status)] ?? operation.responses.default
    if (response === undefined) {
      throw new ContractViolation(`${where}: status ${exchange.status} is not documented for ${name} (documented: ${Object.keys(operation.responses).join(', ')})`)
    }
    const content = response.content
    if (content === undefined) {
      if (exchange.text !== '') throw new ContractViolation(`${where}: ${name} documents no body for ${exchange.status}, but one came: ${exchange.text.slice(0, 200)}`)
      return
    }
    const mediaType = (exchange.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    const media = content[mediaType]
    if (media === undefined) {
      throw new ContractViolation(`${where}: content-type "${mediaType}" is not documented for ${name} ${exchange.status} (documented: ${Object.keys(content).join(', ')})`)
    }
    if (media.schema === undefined) return
    const pointer = `#/paths/${segment(operation.template)}/${operation.method.toLowerCase()}/responses/${exchange.status}/content/${segment(mediaType)}/schema`
    this.checkBody(where, `${name} ${exchange.status}`, pointer, exchange, mediaType)
  }

  private checkBody(where: string, what: string, pointer: string, exchange: Exchange, mediaType: string): void {
    const actual = (exchange.contentType ?? '').split(';')[0]?.trim().toLowerCase()
    if (actual !== mediaType) throw new ContractViolation(`${where}: content-type "${actual ?? ''}" where ${what} documents ${mediaType}`)
    if (!JSON_MEDIA.test(mediaType)) return
    let body: unknown
    try {
      body = JSON.parse(exchange.text)
    } catch {
      throw new ContractViolation(`${where}: ${what} documents JSON, but the body is not: ${exchange.text.slice(0, 200)}`)
    }
    const validate = this.validator(pointer)
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath === '' ? '(body)' : e.instancePath} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`)
      throw new ContractViolation(`${where}: the body does not match the schema documented for ${what}: ${problems.join('; ')}\nbody: ${exchange.text.slice(0, 500)}`)
    }
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer)
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` })
      this.validators.set(pointer, validate)
    }
    return validate
  }
}
