import type { Context } from 'hono'
import { HttpProblem } from './problem.js'

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * Reads a request's JSON body. A body that is not declared as JSON is a 415, one that does not
 * parse a 400 `malformed-json` saying where; the size limit is enforced before (413).
 *
 * @example
 * const body = await readJsonBody(c) // unknown, to validate with a zod schema
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (!JSON_TYPE.test(type)) {
    throw new HttpProblem(415, 'unsupported-media-type', `the body must be application/json, not "${type === '' ? 'none' : type}"`)
  }
  const text = await c.req.text()
  if (text.trim() === '') throw new HttpProblem(400, 'malformed-json', 'the body is empty; a JSON document is required')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable'
    throw new HttpProblem(400, 'malformed-json', `the body is not valid JSON: ${reason}`, { cause: error })
  }
}
