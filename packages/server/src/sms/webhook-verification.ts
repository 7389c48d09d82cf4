import { timingSafeEqual } from 'node:crypto'

/**
 * Why a webhook was refused:
 * - `missing_signature`: no `sig` parameter, or no `Authorization: Bearer` token;
 * - `bad_signature`: the signature does not match (wrong secret, edited parameters or body);
 * - `missing_timestamp` / `stale_timestamp`: no usable time, or outside the tolerance (a replay);
 * - `wrong_algorithm`: an unknown signature method, or a JWT that is not HS256;
 * - `payload_mismatch`: the JWT's `payload_hash` is not the SHA-256 of the body received;
 * - `malformed`: a parameter given twice, a token that is not a JWT.
 *
 * @example
 * const result = verifyVonageSignature(params, { secret, method: 'sha256' })
 * if (!result.ok && result.reason === 'stale_timestamp') metrics.increment('sms.webhook.replay')
 */
export type WebhookRejection =
  | 'missing_signature'
  | 'bad_signature'
  | 'missing_timestamp'
  | 'stale_timestamp'
  | 'wrong_algorithm'
  | 'payload_mismatch'
  | 'malformed'

/**
 * The outcome of verifying a webhook: `ok` with the verified time, or the reason it was refused and
 * a message for logs (it never contains the secret or the expected signature).
 *
 * @example
 * const result = verifyVonageSignature(params, { secret, method: 'md5hash' })
 * if (!result.ok) return c.text(result.message, 401)
 */
export type WebhookVerification<Extra = object> =
  | ({ readonly ok: true; readonly signedAt: Date } & Extra)
  | { readonly ok: false; readonly reason: WebhookRejection; readonly message: string }

/**
 * A refusal, built in one place so every message has the same shape.
 *
 * @example
 * return rejected('missing_signature', 'the webhook carries no "sig" parameter')
 */
export function rejected(reason: WebhookRejection, message: string): { readonly ok: false; readonly reason: WebhookRejection; readonly message: string } {
  return { ok: false, reason, message }
}

/**
 * Compares two byte strings in time that depends only on their lengths. The expected length is
 * public (it is the digest size), so answering early on a length mismatch leaks nothing.
 *
 * @example
 * constantTimeEqual(Buffer.from(given, 'hex'), expectedDigest)
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Decodes hex (either case); `undefined` when it is not hex.
 *
 * @example
 * fromHex('DDEB') // <Buffer dd eb>
 */
export function fromHex(hex: string): Buffer | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined
  return Buffer.from(hex, 'hex')
}
