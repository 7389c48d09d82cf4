import type { Policy } from '@onmion/privacy-schema'
import type { CountryCode } from 'libphonenumber-js'
import type { PrivacyContext } from '../context.js'
import { createInboundFlow, type InboundResult, type InboundSms } from './inbound.js'
import { NumberLocks } from './number-lock.js'
import { createOutbox } from './outbox.js'
import { normalizePhone } from './phone.js'
import type { SendDecision, SmsSendKind } from './send-decision.js'
import { createSendGate, type OutboundSms } from './send-gate.js'
import { createSmsState } from './sms-state.js'
import type { SmsStatus } from './sms-status.js'
import type { SmsTransport } from './transport.js'

/**
 * Options of {@link createSms} (also `createPrivacy({ sms })`).
 *
 * @example
 * const options: SmsOptions = { transport: createVonageTransport({ apiKey, apiSecret }), from: '12015550123', defaultCountry: 'US' }
 */
export interface SmsOptions {
  /** Delivers messages (replies and `send()`); without one, replies are only returned. */
  readonly transport?: SmsTransport
  /** The sender: the program's number (E.164 or Vonage digits) or an alphanumeric sender id. */
  readonly from?: string
  /** Country for national numbers without a country code (`'US'`). */
  readonly defaultCountry?: CountryCode
  /** PostgreSQL: at most this many numbers hold an advisory lock at once (default 4). */
  readonly lockHolders?: number
}

/**
 * The SMS module: see {@link createSms}.
 *
 * @example
 * const sms: Sms = privacy.sms
 * if ((await sms.canSend('+14155550100')).allowed) await sms.send({ to: '+14155550100', text, kind: 'transactional' })
 */
export interface Sms {
  /**
   * Classifies, records and answers one inbound message; idempotent by `messageId`.
   *
   * @throws {@link PrivacyError} INVALID_INPUT naming the field (nothing recorded); CONFLICT for a
   * `messageId` already used by another number; the transport's error when a reply failed to go
   * out (it stays pending and goes out on redelivery).
   */
  handleInbound(message: InboundSms): Promise<InboundResult>
  /** The send gate's decision for a number and kind of message (default `transactional`). */
  canSend(to: string, kind?: SmsSendKind): Promise<SendDecision>
  /**
   * Checks the gate, then sends through the transport.
   *
   * @throws {@link SmsRefusedError} when the gate refuses; CONFIGURATION without a transport.
   */
  send(message: OutboundSms): Promise<{ readonly messageId: string; readonly decision: SendDecision }>
  /** The number's SMS status, as the send gate sees it. */
  status(phone: string): Promise<SmsStatus>
}

/**
 * The SMS program of the policy (`channels.sms`), enforced: inbound keywords, replies, and the
 * send gate every outbound message passes.
 *
 * **Inbound** (`handleInbound`): the sender is normalized to E.164 (an unparseable number throws
 * INVALID_INPUT naming `from`; nothing is recorded) and the text classified with
 * {@link classifySms}. The message is logged once per `messageId` (no identifier in clear: the
 * vault's keyed hash). The number's status is then the fold ({@link foldSmsStatus}) of its
 * inbound messages and the ledger events recorded by the app, in `receivedAt`/`occurredAt`
 * order, then message id: STOP opts out, START opts in, HELP changes nothing, and a first text
 * from a number nothing is known about enrolls it where the policy has an enrollment method with
 * `enrollsOnFirstInbound`. Because the fold is over the whole log, the final status does not
 * depend on the order webhooks arrive in. When the fold's status differs from the ledger's, the
 * module records the change (`sms.opted_out` / `sms.opted_in`, method `keyword` or the
 * enrollment method, the message as evidence, the phone sealed by the vault) on the number's
 * subject (`vault.subjectFor('phone', e164)`) and on every other subject with SMS events for
 * that number, so `privacy.check()` on those subjects follows it. A change's `occurredAt` is never
 * earlier than the latest event already on record, so the ledger's own order agrees with the fold;
 * the evidence keeps the message's `receivedAt`. Handling is all or nothing: a failed attempt leaves
 * nothing that stops the provider's redelivery from applying the message (see `createInboundFlow`).
 *
 * **Replies**: an opt-out change earns the policy's opt-out confirmation (once per opt-out; a
 * second STOP gets nothing); an opt-in change earns the opt-in confirmation; HELP always earns the
 * HELP text (CTIA: answered whether or not the number is subscribed), and changes nothing. A
 * reply is logged before it is sent; a reply whose sending failed stays pending and goes out when
 * the provider redelivers the webhook (the error is thrown so the webhook answers non-2xx).
 *
 * **Outbound** (`canSend`, `send`): consent is an SMS opt-in or a `consent.granted` for the SMS
 * purpose, on any subject, for this number; an opt-out after it wins. After an opt-out the only
 * message allowed is the policy's opt-out confirmation, once. `send()` checks the gate before
 * every message, under the same per-number lock as inbound, and throws {@link SmsRefusedError}
 * when refused.
 *
 * @example
 * import { createSms } from '@onmion/privacy-server'
 * import { createVonageTransport } from '@onmion/privacy-server/vonage'
 * const sms = createSms(privacy.context, {
 *   transport: createVonageTransport({ apiKey: process.env.VONAGE_API_KEY!, apiSecret: process.env.VONAGE_API_SECRET! }),
 *   from: '12015550123',
 * })
 * const result = await sms.handleInbound({ from: '14155550100', to: '12015550123', text: 'STOP', messageId: 'm-1', receivedAt: new Date() })
 * result.reply?.text // 'Onmion Work Orders: you are unsubscribed ...'
 * await sms.send({ to: '+14155550100', text: 'A new work order has been assigned to you.', kind: 'transactional' }) // throws SmsRefusedError (opted_out)
 */
export function createSms<P extends Policy>(ctx: PrivacyContext<P>, options: SmsOptions = {}): Sms {
  const locks = new NumberLocks(ctx.db, ctx.backend, options.lockHolders)
  const phone = (value: unknown, field: string): string => normalizePhone(value, field, options.defaultCountry)
  const lookup = (e164: string): string => ctx.vault.lookup('phone', e164)
  const state = createSmsState(ctx)
  const outbox = createOutbox(ctx, options.transport, options.from)
  const gate = createSendGate({ state, outbox, locks, phone, lookup, texts: ctx.policy.channels.sms.texts })
  return {
    handleInbound: createInboundFlow(ctx, { state, outbox, locks, phone, decide: gate.decide }),
    canSend: (to, kind) => gate.canSend(to, kind),
    send: (message) => gate.send(message),
    status: async (value) => (await state.ofNumber(phone(value, 'phone'))).fold.status,
  }
}
