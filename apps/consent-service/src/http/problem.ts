import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'

/**
 * The problem types this service answers with; a problem's `type` is `/problems/<type>`.
 *
 * @example
 * new HttpProblem(404, ProblemType.NOT_FOUND, 'no such request')
 */
export const ProblemType = {
  INVALID_INPUT: 'invalid-input',
  MALFORMED_JSON: 'malformed-json',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported-media-type',
  PAYLOAD_TOO_LARGE: 'payload-too-large',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  METHOD_NOT_ALLOWED: 'method-not-allowed',
  CONFLICT: 'conflict',
  RATE_LIMITED: 'rate-limited',
  PROCESSING_DENIED: 'processing-denied',
  SIGNATURE_INVALID: 'signature-invalid',
  UNAVAILABLE: 'unavailable',
  INTERNAL: 'internal',
} as const
export type ProblemType = (typeof ProblemType)[keyof typeof ProblemType]

/** One bad field of a request: its path (`body.choices.analytics`, `query.to`) and what is wrong. */
export interface FieldError {
  readonly field: string
  readonly message: string
}

/** An RFC 9457 problem details document, with `errors` naming the bad fields. */
export interface ProblemDocument {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  errors?: FieldError[]
  [extension: string]: unknown
}

const TITLES: Record<ProblemType, string> = {
  'invalid-input': 'Invalid input',
  'malformed-json': 'Malformed JSON',
  'unsupported-media-type': 'Unsupported media type',
  'payload-too-large': 'Payload too large',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'rate-limited': 'Too many requests',
  'processing-denied': 'Processing denied',
  'signature-invalid': 'Signature invalid',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
}

/** Base of the `type` URIs; relative, so they resolve against the service that answered. */
const PROBLEM_BASE = '/problems/'

/**
 * An error that becomes a problem+json answer. Route code throws it; the error handler answers.
 *
 * @example
 * throw new HttpProblem(404, 'not-found', 'no rights request with this id')
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem'
  readonly status: ContentfulStatusCode
  readonly type: ProblemType
  readonly errors: readonly FieldError[] | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly extensions: Readonly<Record<string, unknown>>

  constructor(
    status: ContentfulStatusCode,
    type: ProblemType,
    detail: string,
    options: { errors?: readonly FieldError[]; headers?: Record<string, string>; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause })
    this.status = status
    this.type = type
    this.errors = options.errors
    this.headers = options.headers ?? {}
    this.extensions = options.extensions ?? {}
  }
}

/**
 * Formats a zod issue path under its request part.
 *
 * @example
 * fieldPath('body', ['events', 2, 'type']) // 'body.events[2].type'
 */
export function fieldPath(part: string, path: readonly PropertyKey[]): string {
  let out = part
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`
  return out
}

/**
 * The 400 problem for a request part that failed its zod schema: every issue, each naming its
 * field.
 *
 * @example
 * const parsed = Schema.safeParse(body)
 * if (!parsed.success) throw invalidInput('body', parsed.error)
 */
export function invalidInput(part: 'body' | 'query' | 'path' | 'header', error: z.ZodError): HttpProblem {
  const errors = error.issues.map((issue) => ({ field: fieldPath(part, issue.path), message: issue.message }))
  const first = errors[0]
  const detail = first === undefined ? `invalid ${part}` : `${first.field}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
  return new HttpProblem(400, 'invalid-input', detail, { errors })
}

/**
 * Builds the problem document for an answer.
 *
 * @example
 * problemDocument(new HttpProblem(404, 'not-found', 'no such key'), '/v1/keys/x/revoke')
 * // { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'no such key', instance: '/v1/keys/x/revoke' }
 */
export function problemDocument(problem: HttpProblem, instance: string): ProblemDocument {
  const doc: ProblemDocument = {
    ...problem.extensions,
    type: `${PROBLEM_BASE}${problem.type}`,
    title: TITLES[problem.type],
    status: problem.status,
    detail: problem.message,
    instance,
  }
  if (problem.errors !== undefined) doc.errors = [...problem.errors]
  return doc
}

/**
 * Answers with `application/problem+json`.
 *
 * @example
 * app.notFound((c) => sendProblem(c, new HttpProblem(404, 'not-found', 'no route')))
 */
export function sendProblem(c: Context, problem: HttpProblem): Response {
  // The path as received (percent-encoded), never decoded: no markup is reflected back.
  const body = JSON.stringify(problemDocument(problem, new URL(c.req.url).pathname))
  const headers: Record<string, string> = { 'content-type': 'application/problem+json', ...problem.headers }
  return c.body(body, problem.status, headers)
}
