import { SMS } from '@vonage/sms'
import { SmsTransportError } from './transport.js'
import type { SmsMessage, SmsTransport } from './transport.js'

/**
 * Options of {@link createVonageTransport}.
 *
 * @example
 * const options: VonageTransportOptions = { apiKey: 'abcd1234', apiSecret: 's3cr3t', restHost: 'http://127.0.0.1:4010', timeoutMs: 5000 }
 */
export interface VonageTransportOptions {
  readonly apiKey: string
  readonly apiSecret: string
  /** The SMS API's host (default `https://rest.nexmo.com`); tests point it at a local server. */
  readonly restHost?: string
  /** Request timeout in milliseconds (default 10,000). */
  readonly timeoutMs?: number
}

/**
 * An {@link SmsTransport} over Vonage's SMS API, through Vonage's own SDK (`@vonage/sms`). Numbers
 * go to Vonage in its format (international digits, no `+`). A refused message (any status but
 * `0`), a network failure or a timeout is an {@link SmsTransportError} with Vonage's status.
 *
 * @example
 * const transport = createVonageTransport({ apiKey: process.env.VONAGE_API_KEY!, apiSecret: process.env.VONAGE_API_SECRET! })
 * const { messageId } = await transport.send({ to: '+14155550100', from: '12015550123', text: 'A new work order has been assigned to you.' })
 */
export function createVonageTransport(options: VonageTransportOptions): SmsTransport {
  const client = new SMS({ apiKey: options.apiKey, apiSecret: options.apiSecret }, {
    restHost: options.restHost ?? 'https://rest.nexmo.com',
    timeout: options.timeoutMs ?? 10_000,
  })
  return {
    async send(message: SmsMessage) {
      let response: Awaited<ReturnType<SMS['send']>>
      try {
        response = await client.send({ to: vonageNumber(message.to), from: vonageNumber(message.from), text: message.text })
      } catch (error) {
        const failed = (error as { response?: { messages?: { status?: string; errorText?: string }[] } }).response?.messages?.[0]
        const status = failed?.status
        const detail = failed?.errorText ?? (error instanceof Error ? error.message : 'unknown error')
        throw new SmsTransportError(`Vonage refused the message${status === undefined ? '' : ` (status ${status})`}: ${detail}`, { status, cause: error })
      }
      const messageId = response.messages[0]?.messageId
      if (messageId === undefined) throw new SmsTransportError('Vonage accepted the message but returned no message id')
      return { messageId }
    },
  }
}

/** Vonage takes international numbers as digits without `+`; an alphanumeric sender id as is. */
function vonageNumber(value: string): string {
  return /^\+\d+$/.test(value) ? value.slice(1) : value
}
