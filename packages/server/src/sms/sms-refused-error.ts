import { PrivacyError, PrivacyErrorCode } from '../errors.js'
import type { SendReason } from './send-decision.js'

/**
 * `sms.send()` refused a message: the send gate's `reason` says why (`opted_out`, `no_consent`,
 * `confirmation_already_sent`, ...). Nothing was sent.
 *
 * @example
 * try { await privacy.sms.send({ to, text, kind: 'transactional' }) } catch (e) {
 *   if (e instanceof SmsRefusedError && e.reason === 'opted_out') markUnreachable(to)
 * }
 */
export class SmsRefusedError extends PrivacyError {
  override readonly name: string = 'SmsRefusedError'
  readonly reason: SendReason

  constructor(reason: SendReason, message: string) {
    super(PrivacyErrorCode.SMS_REFUSED, message, { field: 'to' })
    this.reason = reason
  }
}
