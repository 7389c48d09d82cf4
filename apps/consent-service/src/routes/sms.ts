import { fromVonageMessagesWebhook, fromVonageSmsWebhook, verifyVonageMessagesJwt, verifyVonageSignature } from '@onmion/privacy-server/vonage'
import type { Context } from 'hono'
import { z } from 'zod'
import type { ServiceConfig } from '../config.js'
import { ConsistencyTokenField, tokenHeaders } from '../http/consistency-token.js'
import type { AppEnv } from '../http/env.js'
import { HttpProblem, invalidInput } from '../http/problem.js'
import { refuseUnsafeInput } from '../http/input-guard.js'
import { sdkCall } from '../http/privacy-problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

/**
 * An inbound message of Vonage's SMS API, as signed parameters (form, JSON or query string).
 * Checked here for the field names of the answer; the SDK's mapper checks it again.
 */
const VonageSmsInbound = z.object({
  msisdn: z.string().min(1).describe('the sender'),
  to: z.string().min(1).describe('your Vonage number'),
  messageId: z.string().min(1).max(200),
  'message-timestamp': z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be "YYYY-MM-DD HH:MM:SS" (UTC)').describe('when Vonage received it (UTC)'),
  text: z.string().optional(),
  type: z.string().optional().describe('text, unicode or binary'),
  timestamp: z.string().describe('Unix seconds when Vonage signed the request'),
  sig: z.string().describe('the signature over every other parameter'),
})

/** An inbound SMS of Vonage's Messages API (signed with a JWT in `Authorization`). */
const VonageMessagesInbound = z.object({
  channel: z.literal('sms'),
  message_uuid: z.string().min(1).max(200),
  from: z.string().min(1),
  to: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  message_type: z.string(),
  text: z.string().optional(),
})

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json/i

function parseJson(raw: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(raw) as unknown
  } catch (error) {
    throw new HttpProblem(400, 'malformed-json', 'the body is not valid JSON', { cause: error })
  }
  refuseUnsafeInput('body', value)
  return value
}

/** The webhook's parameters: query string, then the body (form or JSON), as strings. */
function webhookParams(c: Context<AppEnv>, raw: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {}
  const add = (key: string, value: string): void => {
    const existing = params[key]
    params[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  for (const [key, value] of new URL(c.req.url).searchParams) add(key, value)
  if (raw.trim() === '') return params
  if (JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    const body = parseJson(raw)
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpProblem(400, 'invalid-input', 'body: must be a JSON object', { errors: [{ field: 'body', message: 'must be a JSON object' }] })
    for (const [key, value] of Object.entries(body)) add(key, typeof value === 'string' ? value : JSON.stringify(value))
  } else {
    for (const [key, value] of new URLSearchParams(raw)) add(key, value)
  }
  refuseUnsafeInput('body', params)
  return params
}

const refused = (reason: string, message: string): HttpProblem =>
  new HttpProblem(401, 'signature-invalid', `webhook refused (${reason}): ${message}; nothing was recorded`, { extensions: { reason } })

const notConfigured = (what: string): HttpProblem =>
  new HttpProblem(503, 'unavailable', `webhook verification is not configured (${what}); nothing was recorded`)

const CanSendQuery = z.object({
  to: z.string().min(1).max(32).describe('the phone number (E.164, or national with the default country)'),
  kind: z.enum(['transactional', 'opt_in_confirmation', 'opt_out_confirmation']).default('transactional'),
})

/**
 * SMS consent over HTTP: Vonage's inbound webhook (signature-verified before anything is
 * recorded; a replay outside the signing window is refused, a redelivery of a handled message
 * records nothing) and the send gate.
 *
 * @example
 * const routes = smsRoutes(privacy, config.vonage)
 */
export function smsRoutes(privacy: ServicePrivacy, vonage: ServiceConfig['vonage']): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/sms/inbound/vonage',
      operationId: 'vonageInbound',
      summary: 'Vonage inbound SMS webhook (SMS API signed parameters, or Messages API signed JWT)',
      description:
        'Without `Authorization`, the parameters (form, JSON or query string) must carry a valid `sig` and a `timestamp` within 5 minutes (VONAGE_SIGNATURE_SECRET, VONAGE_SIGNATURE_METHOD). With `Authorization: Bearer <JWT>`, the token must be HS256 over the body (VONAGE_JWT_SECRET). STOP opts the number out, START opts in, HELP answers with the policy text.',
      tag: 'sms',
      access: { kind: 'signed' },
      body: VonageSmsInbound,
      rawBody: true,
      responses: {
        200: {
          description: 'handled (a redelivered message id: `duplicate: true`, nothing recorded)',
          schema: z.object({
            duplicate: z.boolean(),
            kind: z.string(),
            status: z.string(),
            recorded: z.number().int(),
            consistencyToken: ConsistencyTokenField.nullable().describe('the position of what was recorded (also in the Onmion-Consistency-Token header); null when nothing was'),
            reply: z.object({ kind: z.string(), text: z.string(), sent: z.boolean() }).nullable(),
          }),
        },
        401: { description: 'the signature or token did not verify, or is too old (a replay); nothing recorded' },
        503: { description: 'no verification secret configured; nothing recorded' },
      },
      handler: async ({ c }) => {
        const raw = await c.req.text()
        const authorization = c.req.header('authorization')
        let message: ReturnType<typeof fromVonageSmsWebhook>
        if (authorization !== undefined) {
          if (vonage.jwtSecret === undefined) throw notConfigured('VONAGE_JWT_SECRET')
          const verified = verifyVonageMessagesJwt(authorization, raw, { secret: vonage.jwtSecret })
          if (!verified.ok) throw refused(verified.reason, verified.message)
          const body = parseJson(raw)
          const parsed = VonageMessagesInbound.safeParse(body)
          if (!parsed.success) throw invalidInput('body', parsed.error)
          message = fromVonageMessagesWebhook(body)
        } else {
          if (vonage.signatureSecret === undefined) throw notConfigured('VONAGE_SIGNATURE_SECRET')
          const params = webhookParams(c, raw)
          const verified = verifyVonageSignature(params, { secret: vonage.signatureSecret, method: vonage.signatureMethod })
          if (!verified.ok) throw refused(verified.reason, verified.message)
          const parsed = VonageSmsInbound.safeParse(params)
          if (!parsed.success) throw invalidInput('body', parsed.error)
          message = fromVonageSmsWebhook(params)
        }
        const result = await sdkCall('body', () => privacy.sms.handleInbound(message))
        return c.json({
          duplicate: result.duplicate,
          kind: result.classification.kind,
          status: result.status,
          recorded: result.recorded.length,
          consistencyToken: result.consistencyToken,
          reply: result.reply === null ? null : { kind: result.reply.kind, text: result.reply.text, sent: result.reply.messageId !== undefined },
        }, 200, tokenHeaders(result.consistencyToken))
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/sms/can-send',
      operationId: 'smsCanSend',
      summary: 'The SMS send gate: may this number be sent this kind of message now?',
      tag: 'sms',
      access: { kind: 'key', scope: 'decisions' },
      query: CanSendQuery,
      responses: { 200: { description: 'the decision', schema: z.object({ allowed: z.boolean(), reason: z.string(), status: z.string() }) } },
      handler: async ({ c, query }) => {
        const decision = await sdkCall('query', () => privacy.sms.canSend(query.to, query.kind))
        return c.json({ allowed: decision.allowed, reason: decision.reason, status: decision.status })
      },
    }),
  ]
}
