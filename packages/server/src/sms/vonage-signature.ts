import { createHash, createHmac } from 'node:crypto'
import { PrivacyError, PrivacyErrorCode } from '../errors.js'
import { constantTimeEqual, fromHex, rejected } from './webhook-verification.js'
import type { WebhookVerification } from './webhook-verification.js'

/**
 * The signature methods of Vonage's signed SMS webhooks, as named in the dashboard's "signature
 * method" setting: `md5hash` is MD5 of the parameters followed by the secret; the others are HMACs
 * keyed with the signature secret.
 *
 * @example
 * VONAGE_SIGNATURE_METHODS.includes('sha256') // true
 */
export const VONAGE_SIGNATURE_METHODS = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const
/**
 * One of {@link VONAGE_SIGNATURE_METHODS}.
 *
 * @example
 * const method: VonageSignatureMethod = 'sha256'
 */
export type VonageSignatureMethod = (typeof VONAGE_SIGNATURE_METHODS)[number]

/**
 * Webhook parameters as a query-string or form parser gives them.
 *
 * @example
 * const params: VonageWebhookParams = Object.fromEntries(new URL(request.url).searchParams)
 */
export type VonageWebhookParams = Readonly<Record<string, string | readonly string[] | undefined>>

/**
 * Options of {@link verifyVonageSignature}.
 *
 * @example
 * const options: VonageSignatureOptions = { secret: process.env.VONAGE_SIGNATURE_SECRET!, method: 'sha256', toleranceSeconds: 300 }
 */
export interface VonageSignatureOptions {
  /** The account's signature secret (dashboard: API settings). */
  readonly secret: string
  /** The account's signature method. */
  readonly method: VonageSignatureMethod
  /** The current time (tests pass a fixed clock). */
  readonly now?: Date
  /** How far `timestamp` may be from now, in seconds (default 300: Vonage's Java SDK's bound). */
  readonly toleranceSeconds?: number
}

/**
 * How long a signed webhook stays acceptable by default: 5 minutes.
 *
 * @example
 * verifyVonageSignature(params, { secret, method: 'md5hash', toleranceSeconds: DEFAULT_WEBHOOK_TOLERANCE_SECONDS * 2 })
 */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300

/**
 * The string Vonage signs: every parameter but `sig`, sorted by key in code-unit order, with `&` and
 * `=` in values replaced by `_`, joined as `&k1=v1&k2=v2` (note the leading `&`).
 */
function signingBase(params: Readonly<Record<string, string>>): string {
  let base = ''
  for (const key of Object.keys(params).sort()) {
    if (key === 'sig') continue
    base += `&${key}=${(params[key] ?? '').replace(/[&=]/g, '_')}`
  }
  return base
}

function digest(base: string, secret: string, method: VonageSignatureMethod): Buffer {
  if (method === 'md5hash') return createHash('md5').update(base + secret, 'utf8').digest()
  return createHmac(method, Buffer.from(secret, 'utf8')).update(base, 'utf8').digest()
}

/**
 * Signs webhook parameters the way Vonage does (hex: lower case for `md5hash`, upper case for the
 * HMACs, as Vonage sends them). For tests and local tools that post signed webhooks to your
 * endpoint; verifying uses {@link verifyVonageSignature}.
 *
 * @example
 * const params = { msisdn: '14155550100', to: '12015550123', text: 'STOP', messageId: 'm1', timestamp: String(Math.floor(Date.now() / 1000)) }
 * const sig = signVonageParams(params, process.env.VONAGE_SIGNATURE_SECRET!, 'sha256')
 * await fetch('http://localhost:3000/webhooks/sms', { method: 'POST', body: new URLSearchParams({ ...params, sig }) })
 */
export function signVonageParams(params: Readonly<Record<string, string>>, secret: string, method: VonageSignatureMethod): string {
  const hex = digest(signingBase(params), secret, method).toString('hex')
  return method === 'md5hash' ? hex : hex.toUpperCase()
}

/**
 * An empty secret (an unset environment variable) would accept anything signed with an empty
 * secret, which anyone can make: a configuration error, thrown rather than answered.
 *
 * @example
 * requireSecret(process.env.VONAGE_SIGNATURE_SECRET) // throws PrivacyError CONFIGURATION when unset
 */
export function requireSecret(secret: unknown): void {
  if (typeof secret !== 'string' || secret === '') {
    throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'the Vonage signature secret is empty', { field: 'secret' })
  }
}

/**
 * Verifies a signed inbound webhook of Vonage's SMS API (the `sig` parameter) before anything is
 * recorded. Compares in constant time, accepts hex in either case, and refuses a `timestamp` more
 * than `toleranceSeconds` (default 5 minutes) away from now, so a captured request cannot be
 * replayed later. A parameter given twice is refused (`malformed`): Vonage never sends one, and
 * which value it signed would be a guess. Never throws on bad input; throws a CONFIGURATION
 * {@link PrivacyError} when the secret is empty.
 *
 * @example
 * app.post('/webhooks/sms', async (c) => {
 *   const params = Object.fromEntries(await c.req.formData()) as Record<string, string>
 *   const verified = verifyVonageSignature(params, { secret: process.env.VONAGE_SIGNATURE_SECRET!, method: 'sha256' })
 *   if (!verified.ok) return c.text(verified.reason, 401)
 *   const reply = await privacy.sms.handleInbound({ from: params.msisdn!, to: params.to!, text: params.text ?? '', messageId: params.messageId!, receivedAt: verified.signedAt })
 *   return c.body(null, 204)
 * })
 */
export function verifyVonageSignature(params: VonageWebhookParams, options: VonageSignatureOptions): WebhookVerification {
  requireSecret(options.secret)
  if (!(VONAGE_SIGNATURE_METHODS as readonly string[]).includes(options.method)) {
    return rejected('wrong_algorithm', `unknown signature method "${options.method}"; expected one of ${VONAGE_SIGNATURE_METHODS.join(', ')}`)
  }
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    if (typeof value !== 'string') {
      if (value.length !== 1) return rejected('malformed', `parameter "${key}" is given ${value.length} times`)
      flat[key] = value[0] ?? ''
    } else {
      flat[key] = value
    }
  }
  const sig = flat.sig
  if (sig === undefined || sig === '') return rejected('missing_signature', 'the webhook carries no "sig" parameter')
  const given = fromHex(sig)
  const expected = digest(signingBase(flat), options.secret, options.method)
  if (given === undefined || !constantTimeEqual(given, expected)) {
    return rejected('bad_signature', `the "sig" parameter does not match the parameters (method ${options.method})`)
  }
  const timestamp = flat.timestamp
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return rejected('missing_timestamp', 'the webhook carries no Unix "timestamp"')
  const signedAt = new Date(Number(timestamp) * 1000)
  const now = options.now ?? new Date()
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS
  const skew = Math.abs(now.getTime() - signedAt.getTime()) / 1000
  if (skew > tolerance) return rejected('stale_timestamp', `the webhook was signed ${Math.round(skew)} s from now; at most ${tolerance} s is accepted`)
  return { ok: true, signedAt }
}
