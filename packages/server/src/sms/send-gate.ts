import { z } from 'zod'
import { PrivacyError, PrivacyErrorCode, invalidInput } from '../errors.js'
import type { NumberLocks } from './number-lock.js'
import type { Outbox } from './outbox.js'
import type { SendDecision, SendReason, SmsSendKind } from './send-decision.js'
import { SmsRefusedError } from './sms-refused-error.js'
import { deciderEvent, transitionOf, type SmsSource, type SmsStateReader } from './sms-state.js'
import type { SmsFold } from './sms-status.js'

/**
 * What `send()` takes: the number, the text (at most 1,600 characters) and the kind of message.
 *
 * @example
 * await privacy.sms.send({ to: '+14155550100', text: 'A new work order has been assigned to you.', kind: 'transactional' })
 */
export const OutboundSms = z.object({
  to: z.string().min(1),
  text: z.string().min(1).max(1600),
  kind: z.enum(['transactional', 'opt_in_confirmation', 'opt_out_confirmation']),
})
export type OutboundSms = z.input<typeof OutboundSms>

const SendKind = OutboundSms.shape.kind

/** A gate decision, with the opt-out transition an opt-out confirmation would confirm. */
export type GateDecision = SendDecision & { readonly transition?: string | undefined }

/**
 * The send gate every outbound message passes: consent is an SMS opt-in or a `consent.granted`
 * for the SMS purpose, on any subject, for this number; an opt-out after it wins; after an
 * opt-out the only message allowed is the policy's opt-out confirmation, once per opt-out.
 *
 * @example
 * const gate = createSendGate({ state, outbox, locks, phone, texts })
 * await gate.canSend('+14155550100') // { allowed: false, reason: 'no_consent', status: 'unknown' }
 */
export function createSendGate(deps: {
  readonly state: SmsStateReader
  readonly outbox: Outbox
  readonly locks: NumberLocks
  readonly phone: (value: unknown, field: string) => string
  readonly lookup: (e164: string) => string
  readonly texts: { readonly optInConfirmation: string; readonly optOutConfirmation: string }
}) {
  const { state, outbox, locks, phone, texts } = deps

  /** The gate's decision on a number's fold (read once by the caller). */
  async function decide(fold: SmsFold<SmsSource>, kind: SmsSendKind): Promise<GateDecision> {
    const status = fold.status
    if (kind === 'opt_out_confirmation') {
      if (status !== 'opted_out') return { allowed: false, reason: 'not_opted_out', status }
      const transition = transitionOf(deciderEvent(fold))
      const sent = await outbox.logged('opt_out_confirmation', { forEvent: transition ?? '' })
      return sent ? { allowed: false, reason: 'confirmation_already_sent', status } : { allowed: true, reason: 'confirmation_allowed', status, transition }
    }
    if (status === 'opted_out') return { allowed: false, reason: 'opted_out', status }
    if (status === 'consented') return { allowed: true, reason: 'allowed', status }
    return { allowed: false, reason: 'no_consent', status }
  }

  return {
    decide,

    async canSend(to: string, kind: SmsSendKind = 'transactional'): Promise<SendDecision> {
      const e164 = phone(to, 'to')
      const parsedKind = SendKind.safeParse(kind)
      if (!parsedKind.success) throw invalidInput(parsedKind.error, 'kind')
      const { allowed, reason, status } = await decide((await state.ofNumber(e164)).fold, parsedKind.data)
      return { allowed, reason, status }
    },

    async send(message: OutboundSms): Promise<{ readonly messageId: string; readonly decision: SendDecision }> {
      const parsed = OutboundSms.safeParse(message)
      if (!parsed.success) throw invalidInput(parsed.error)
      const { text, kind } = parsed.data
      const e164 = phone(parsed.data.to, 'to')
      if (outbox.transport === undefined) {
        throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'sms: no transport configured: createSms(ctx, { transport, from })', { field: 'transport' })
      }
      outbox.sender()
      const expected = kind === 'opt_out_confirmation' ? texts.optOutConfirmation : kind === 'opt_in_confirmation' ? texts.optInConfirmation : undefined
      if (expected !== undefined && text !== expected) {
        throw new SmsRefusedError('not_policy_text', `a ${kind} must be the policy's text, word for word`)
      }
      const lookup = deps.lookup(e164)
      return locks.run(lookup, async () => {
        const decision = await decide((await state.ofNumber(e164)).fold, kind)
        if (!decision.allowed) throw new SmsRefusedError(decision.reason, `sms refused: ${reasonText(decision.reason)}`)
        const messageId = await outbox.deliver(e164, lookup, kind, text, { forEvent: kind === 'opt_out_confirmation' ? decision.transition : undefined })
        return { messageId: messageId ?? '', decision: { allowed: decision.allowed, reason: decision.reason, status: decision.status } }
      })
    },
  }
}

function reasonText(reason: SendReason): string {
  switch (reason) {
    case 'opted_out':
      return 'the number opted out'
    case 'no_consent':
      return 'the number has not consented to SMS'
    case 'confirmation_already_sent':
      return 'the opt-out confirmation was already sent'
    case 'not_opted_out':
      return 'an opt-out confirmation for a number that has not opted out'
    case 'not_policy_text':
      return "a confirmation must be the policy's text"
    case 'allowed':
    case 'confirmation_allowed':
      return reason
  }
}
