import { z } from 'zod'
import { invalidInput } from '../errors.js'
import type { InboundSms } from './inbound.js'
import type { VonageWebhookParams } from './vonage-signature.js'

const first = (value: string | readonly string[] | undefined): string | undefined => (typeof value === 'string' ? value : value?.[0])

const SmsApiInbound = z.object({
  msisdn: z.string().min(1),
  to: z.string().min(1),
  messageId: z.string().min(1),
  'message-timestamp': z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be "YYYY-MM-DD HH:MM:SS" (UTC)'),
  type: z.string().optional(),
  text: z.string().optional(),
})

/**
 * Maps the parameters of a Vonage SMS API inbound webhook (GET query or POST form/JSON) to
 * {@link InboundSms}: `msisdn` is the sender, `message-timestamp` (UTC) the time Vonage received
 * it. A binary message has no text (it reads as `other`). Verify the signature first
 * ({@link verifyVonageSignature}); a missing field is an INVALID_INPUT naming it. Parts of a
 * concatenated message arrive as separate webhooks with their own ids and are handled one by one.
 *
 * @example
 * const verified = verifyVonageSignature(params, { secret, method: 'sha256' })
 * if (verified.ok) await privacy.sms.handleInbound(fromVonageSmsWebhook(params))
 */
export function fromVonageSmsWebhook(params: VonageWebhookParams): InboundSms {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, first(v)]))
  const parsed = SmsApiInbound.safeParse(flat)
  if (!parsed.success) throw invalidInput(parsed.error)
  const p = parsed.data
  return {
    from: p.msisdn,
    to: p.to,
    text: p.type === 'binary' ? '' : (p.text ?? ''),
    messageId: p.messageId,
    receivedAt: new Date(`${p['message-timestamp'].replace(' ', 'T')}Z`),
  }
}

const MessagesApiInbound = z.object({
  channel: z.literal('sms'),
  message_uuid: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  message_type: z.string(),
  text: z.string().optional(),
})

/**
 * Maps the JSON body of a Vonage Messages API inbound webhook (SMS channel) to
 * {@link InboundSms}. Verify the token over the raw body first ({@link verifyVonageMessagesJwt}).
 *
 * @example
 * const raw = await c.req.text()
 * const verified = verifyVonageMessagesJwt(c.req.header('authorization'), raw, { secret })
 * if (verified.ok) await privacy.sms.handleInbound(fromVonageMessagesWebhook(JSON.parse(raw)))
 */
export function fromVonageMessagesWebhook(body: unknown): InboundSms {
  const parsed = MessagesApiInbound.safeParse(body)
  if (!parsed.success) throw invalidInput(parsed.error)
  const b = parsed.data
  return { from: b.from, to: b.to, text: b.message_type === 'text' ? (b.text ?? '') : '', messageId: b.message_uuid, receivedAt: b.timestamp }
}
