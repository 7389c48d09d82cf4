import { PrivacyError, PrivacyErrorCode } from '../errors.js'

/**
 * One outbound SMS: E.164 `to`, the sender (`from`: a number or an alphanumeric sender id), the text.
 *
 * @example
 * const message: SmsMessage = { to: '+14155550100', from: '12015550123', text: 'A new work order has been assigned to you.' }
 */
export interface SmsMessage {
  readonly to: string
  readonly from: string
  readonly text: string
}

/**
 * Delivers SMS. The SMS module calls it only after the send gate allowed the message; a transport
 * never decides whether a message may go.
 *
 * @example
 * const transport: SmsTransport = {
 *   async send({ to, from, text }) { const id = await myProvider.send(to, from, text); return { messageId: id } },
 * }
 * const sms = createSms(privacy.context, { transport, from: '12015550123' })
 */
export interface SmsTransport {
  send(message: SmsMessage): Promise<{ readonly messageId: string }>
}

/**
 * The transport failed to hand a message over (network, credentials, a provider status). `status`
 * is the provider's status code when it gave one.
 *
 * @example
 * try { await sms.send({ to, text, kind: 'transactional' }) } catch (e) {
 *   if (e instanceof SmsTransportError) retryLater(e.status)
 * }
 */
export class SmsTransportError extends PrivacyError {
  override readonly name: string = 'SmsTransportError'
  readonly status: string | undefined

  constructor(message: string, options: { status?: string | undefined; cause?: unknown } = {}) {
    super(PrivacyErrorCode.SMS_TRANSPORT, message, { cause: options.cause })
    this.status = options.status
  }
}
