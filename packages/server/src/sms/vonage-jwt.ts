import { createHash, createHmac } from 'node:crypto'
import { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, requireSecret } from './vonage-signature.js'
import { constantTimeEqual, fromHex, rejected } from './webhook-verification.js'
import type { WebhookVerification } from './webhook-verification.js'

/**
 * Options of {@link verifyVonageMessagesJwt}.
 *
 * @example
 * const options: VonageJwtOptions = { secret: process.env.VONAGE_SIGNATURE_SECRET!, maxAgeSeconds: 300 }
 */
export interface VonageJwtOptions {
  /** The signature secret; HS256 keys with its UTF-8 bytes. */
  readonly secret: string
  /** The current time (tests pass a fixed clock). */
  readonly now?: Date
  /** The oldest `iat` accepted, in seconds before now (default 300); also the future skew allowed. */
  readonly maxAgeSeconds?: number
}

/**
 * The claims of a Vonage Messages API webhook token.
 *
 * @example
 * const verified = verifyVonageMessagesJwt(header, raw, { secret })
 * if (verified.ok) log.info({ applicationId: verified.claims.application_id })
 */
export interface VonageJwtClaims {
  readonly iat: number
  readonly jti?: string
  readonly iss?: string
  readonly api_key?: string
  readonly application_id?: string
  readonly payload_hash: string
  readonly [claim: string]: unknown
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/
const MAX_TOKEN_LENGTH = 8192

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Verifies a signed inbound webhook of Vonage's Messages API: the `Authorization: Bearer <JWT>`
 * header over the raw body. Checks, in this order: the token is a JWT whose header says HS256 (any
 * other `alg`, `none` included, is `wrong_algorithm`); its signature, in constant time; `iat` no
 * older than `maxAgeSeconds` (default 5 minutes) and not further in the future (and `exp`, if
 * present, not passed); `payload_hash` equal to the SHA-256 (hex) of the raw body, so a body
 * swapped under a valid token is refused. Pass the body exactly as received, before any JSON
 * parsing. Never throws on bad input; throws a CONFIGURATION `PrivacyError` when the secret is empty.
 *
 * @example
 * app.post('/webhooks/messages', async (c) => {
 *   const raw = await c.req.text()
 *   const verified = verifyVonageMessagesJwt(c.req.header('authorization'), raw, { secret: process.env.VONAGE_SIGNATURE_SECRET! })
 *   if (!verified.ok) return c.text(verified.reason, 401)
 *   const body = JSON.parse(raw) as { from: string; to: string; text: string; message_uuid: string }
 *   await privacy.sms.handleInbound({ from: body.from, to: body.to, text: body.text, messageId: body.message_uuid, receivedAt: verified.signedAt })
 *   return c.body(null, 204)
 * })
 */
export function verifyVonageMessagesJwt(
  authorizationHeader: string | null | undefined,
  rawBody: string | Uint8Array,
  options: VonageJwtOptions,
): WebhookVerification<{ readonly claims: VonageJwtClaims }> {
  requireSecret(options.secret)
  if (typeof authorizationHeader !== 'string' || authorizationHeader.trim() === '') {
    return rejected('missing_signature', 'the request carries no Authorization header')
  }
  const header = authorizationHeader.trim()
  if (header.length > MAX_TOKEN_LENGTH) return rejected('malformed', 'the Authorization header is too long to be a Vonage token')
  const parts = BEARER.exec(header)
  if (parts === null) return rejected('malformed', 'the Authorization header is not "Bearer <JWT>"')
  const [, head = '', body = '', signature = ''] = parts
  const joseHeader = decodeJson(head)
  if (joseHeader === undefined) return rejected('malformed', 'the JWT header is not a JSON object')
  if (joseHeader.alg !== 'HS256') return rejected('wrong_algorithm', `the JWT is signed with "${String(joseHeader.alg)}"; only HS256 is accepted`)

  const expected = createHmac('sha256', Buffer.from(options.secret, 'utf8')).update(`${head}.${body}`, 'ascii').digest()
  if (!constantTimeEqual(Buffer.from(signature, 'base64url'), expected)) return rejected('bad_signature', 'the JWT signature does not match')

  const claims = decodeJson(body)
  if (claims === undefined) return rejected('malformed', 'the JWT payload is not a JSON object')
  const iat = claims.iat
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return rejected('missing_timestamp', 'the JWT has no numeric "iat" claim')
  const now = (options.now ?? new Date()).getTime() / 1000
  const maxAge = options.maxAgeSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS
  if (now - iat > maxAge || iat - now > maxAge) {
    return rejected('stale_timestamp', `the JWT was issued ${Math.round(now - iat)} s ago; at most ${maxAge} s is accepted`)
  }
  if (typeof claims.exp === 'number' && claims.exp < now) return rejected('stale_timestamp', 'the JWT has expired')

  const payloadHash = claims.payload_hash
  const given = typeof payloadHash === 'string' ? fromHex(payloadHash) : undefined
  const actual = createHash('sha256').update(rawBody).digest()
  if (given === undefined || !constantTimeEqual(given, actual)) {
    return rejected('payload_mismatch', 'the JWT "payload_hash" is not the SHA-256 of the body received')
  }
  return { ok: true, signedAt: new Date(iat * 1000), claims: { ...claims, iat, payload_hash: payloadHash as string } }
}
