import type { SmsStatus } from './sms-status.js'

/**
 * What an outbound message is:
 * - `transactional`: a program message ("A new work order has been assigned to you");
 * - `opt_in_confirmation`: the policy's opt-in confirmation;
 * - `opt_out_confirmation`: the policy's opt-out confirmation, the one message allowed after an
 *   opt-out, once per opt-out.
 *
 * @example
 * const kind: SmsSendKind = 'transactional'
 * await privacy.sms.canSend('+14155550100', kind)
 */
export type SmsSendKind = 'transactional' | 'opt_in_confirmation' | 'opt_out_confirmation'

/**
 * Why the send gate decided as it did:
 * - `allowed`: the number consented (an SMS opt-in, or a `consent.granted` for the SMS purpose)
 *   and has not opted out since;
 * - `opted_out`: the last word from the number was an opt-out;
 * - `no_consent`: no consent is known, or it was withdrawn;
 * - `confirmation_allowed` / `confirmation_already_sent`: the opt-out confirmation of the latest
 *   opt-out is still due / was already sent;
 * - `not_opted_out`: an opt-out confirmation for a number that has not opted out;
 * - `not_policy_text`: a confirmation whose text is not the policy's.
 *
 * @example
 * const reason: SendReason = (await privacy.sms.canSend('+14155550100')).reason // 'opted_out'
 */
export type SendReason =
  | 'allowed'
  | 'opted_out'
  | 'no_consent'
  | 'confirmation_allowed'
  | 'confirmation_already_sent'
  | 'not_opted_out'
  | 'not_policy_text'

/**
 * The send gate's answer for one number and kind of message.
 *
 * @example
 * const decision = await privacy.sms.canSend('+14155550100')
 * if (!decision.allowed) log.info({ reason: decision.reason })
 */
export interface SendDecision {
  readonly allowed: boolean
  readonly reason: SendReason
  /** The number's SMS status the decision was made on. */
  readonly status: SmsStatus
}
