import { isPrivacyError, mergeConsistencyTokens, type ConsistencyOptions, type ConsistencyToken } from '@onmion/privacy-server'
import type { Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from './env.js'
import { HttpProblem } from './problem.js'

/**
 * The header that carries a consistency token: on write responses (the position of what was
 * written) and on reads (answer at least as new as that). The same token is in the body as
 * `consistencyToken` (writes) or `atLeast` (decisions), for clients that cannot read headers.
 */
export const CONSISTENCY_TOKEN_HEADER = 'Onmion-Consistency-Token'

/** A token as a body field; the SDK parses it (and names the field when it is malformed). */
export const ConsistencyTokenField = z.string().min(1).max(16_384)

/** What a write route documents about the token it returns, in its description. */
export const TOKEN_ON_WRITES = `The answer carries the write's consistency token in \`consistencyToken\` and in the \`${CONSISTENCY_TOKEN_HEADER}\` header: pass it to a later read (\`atLeast\`, or the header) for an answer at least as new as this write, from any instance.`

/** What a read route documents about the tokens it accepts. */
export const TOKEN_ON_READS = `A \`${CONSISTENCY_TOKEN_HEADER}\` header (the token of a write) makes the answer at least as new as that write, from any instance.`

/** Response headers carrying `token` (none when the write recorded nothing). */
export function tokenHeaders(token: ConsistencyToken | null | undefined): Record<string, string> {
  return token === null || token === undefined ? {} : { [CONSISTENCY_TOKEN_HEADER]: token }
}

/**
 * The read options of a request: the token of the header and of the body field `atLeast` (both
 * apply, merged), and the body's `consistency` mode.
 *
 * @throws HttpProblem 400 naming `header.onmion-consistency-token` or `body.atLeast` for a malformed token.
 */
export function readOptions(c: Context<AppEnv>, body: { atLeast?: string | undefined; consistency?: 'strong' | 'cached' | undefined } = {}): ConsistencyOptions {
  const header = c.req.header(CONSISTENCY_TOKEN_HEADER)
  const tokens: string[] = []
  if (header !== undefined) tokens.push(checked(header, 'header', CONSISTENCY_TOKEN_HEADER.toLowerCase()))
  if (body.atLeast !== undefined) tokens.push(checked(body.atLeast, 'body', 'atLeast'))
  return {
    ...(tokens.length === 0 ? {} : { atLeast: mergeConsistencyTokens(tokens) }),
    ...(body.consistency === undefined ? {} : { consistency: body.consistency }),
  }
}

function checked(token: string, part: 'header' | 'body', field: string): string {
  try {
    mergeConsistencyTokens([token])
    return token
  } catch (error) {
    if (!isPrivacyError(error)) throw error
    const path = `${part}.${field}`
    // The SDK's message names its own parameter; the problem names the request's, with the detail.
    const message = error.detail
    throw new HttpProblem(400, 'invalid-input', `${path}: ${message}`, { errors: [{ field: path, message }], cause: error })
  }
}
