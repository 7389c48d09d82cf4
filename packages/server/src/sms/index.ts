import { randomUUID } from 'node:crypto'
import type { Policy } from '@onmion/privacy-schema'
import type { CountryCode } from 'libphonenumber-js'
import { z } from 'zod'
import type { PrivacyContext } from '../context.js'
import { PrivacyError, PrivacyErrorCode, invalidField, invalidInput } from '../errors.js'
import { encodeConsistencyToken, type ConsistencyToken } from '../ledger/consistency.js'
import type { LedgerEvent, RecordInput, RecordedEvent } from '../ledger/events.js'
import { MAX_FUTURE_SKEW_MS } from '../ledger/validate.js'
import { classifySms } from './classify.js'
import type { SmsClassification } from './classify.js'
import { NumberLocks } from './number-lock.js'
import { normalizePhone } from './phone.js'
import type { SendDecision, SendReason, SmsSendKind } from './send-decision.js'
import { SmsRefusedError } from './sms-refused-error.js'
import { foldSmsStatus } from './sms-status.js'
import type { SmsEffect, SmsEntry, SmsFold, SmsStatus } from './sms-status.js'
import type { SmsInboundRow } from './tables.js'
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
 * An inbound SMS as a webhook delivers it. `messageId` is the provider's id (Vonage `messageId`
 * or `message_uuid`): a second delivery of the same id records nothing and replies nothing.
 * `receivedAt` orders the messages of a number (see {@link createSms}).
 *
 * @example
 * const message: InboundSms = { from: params.msisdn, to: params.to, text: params.text, messageId: params.messageId, receivedAt: new Date(Number(params.timestamp) * 1000) }
 */
export const InboundSms = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  text: z.string(),
  messageId: z.string().min(1).max(200),
  receivedAt: z.union([z.date(), z.iso.datetime({ offset: true })]),
})
export type InboundSms = z.input<typeof InboundSms>

/**
 * A reply composed from the policy's texts.
 *
 * @example
 * const { reply } = await privacy.sms.handleInbound(message)
 * if (reply?.kind === 'opt_out_confirmation') metrics.increment('sms.opt_out')
 */
export interface SmsReply {
  readonly kind: 'opt_out_confirmation' | 'opt_in_confirmation' | 'help'
  readonly text: string
  /** The transport's message id, when a transport sent it. */
  readonly messageId?: string
}

/**
 * What `handleInbound` did with one message.
 *
 * @example
 * const result = await privacy.sms.handleInbound(message)
 * if (result.reply && !result.reply.messageId) await myProvider.send(message.from, result.reply.text)
 */
export interface InboundResult {
  readonly classification: SmsClassification
  /** True when this message id was handled before: nothing new was recorded or replied. */
  readonly duplicate: boolean
  /** The sender in E.164. */
  readonly from: string
  /** The number's SMS status after this message. */
  readonly status: SmsStatus
  /** Ledger events this message recorded (an opt-out or opt-in, per subject that number belongs to). */
  readonly recorded: readonly RecordedEvent[]
  /** The position of what this message recorded, for reads that must see it (`{ atLeast }`); null when it recorded nothing. */
  readonly consistencyToken: ConsistencyToken | null
  /** The reply this message earned, sent through the transport if one is configured; else null. */
  readonly reply: SmsReply | null
}

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

const SendKind = z.enum(['transactional', 'opt_in_confirmation', 'opt_out_confirmation'])

/** Evidence key marking ledger events the SMS module recorded from inbound messages. */
const INBOUND_SOURCE = 'sms_inbound'

type Source = { readonly kind: 'event'; readonly event: LedgerEvent } | { readonly kind: 'message'; readonly row: SmsInboundRow }

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
 * the evidence keeps the message's `receivedAt`.
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
 * import { createSms, createVonageTransport } from '@onmion/privacy-server'
 * const sms = createSms(privacy.context, {
 *   transport: createVonageTransport({ apiKey: process.env.VONAGE_API_KEY!, apiSecret: process.env.VONAGE_API_SECRET! }),
 *   from: '12015550123',
 * })
 * const result = await sms.handleInbound({ from: '14155550100', to: '12015550123', text: 'STOP', messageId: 'm-1', receivedAt: new Date() })
 * result.reply?.text // 'Onmion Work Orders: you are unsubscribed ...'
 * await sms.send({ to: '+14155550100', text: 'A new work order has been assigned to you.', kind: 'transactional' }) // throws SmsRefusedError (opted_out)
 */
export function createSms<P extends Policy>(ctx: PrivacyContext<P>, options: SmsOptions = {}): Sms {
  const program = ctx.policy.channels.sms
  const smsPurpose: string = program.purpose
  const firstInboundMethod = program.enrollmentMethods.find((m) => m.enrollsOnFirstInbound)?.id
  const locks = new NumberLocks(ctx.db, ctx.backend, options.lockHolders)
  const phone = (value: unknown, field: string): string => normalizePhone(value, field, options.defaultCountry)

  function effectOfEvent(event: LedgerEvent): SmsEffect {
    if (event.redactedAt !== null) return 'none'
    switch (event.type) {
      case 'sms.opted_out':
        return 'opt_out'
      case 'sms.opted_in':
        return 'opt_in'
      case 'consent.granted':
        return event.purpose === smsPurpose ? 'opt_in' : 'none'
      case 'consent.withdrawn':
        return event.purpose === smsPurpose ? 'withdraw' : 'none'
      default:
        return 'none'
    }
  }

  function effectOfMessage(kind: string): SmsEffect {
    if (kind === 'opt_out') return 'opt_out'
    if (kind === 'opt_in') return 'opt_in'
    if (kind === 'other' && firstInboundMethod !== undefined) return 'first_text'
    return 'none'
  }

  const eventEntry = (event: LedgerEvent): SmsEntry<Source> => ({
    at: event.occurredAt,
    tiebreak: `0:${event.recordedAt.toISOString()}:${event.subject}:${String(event.seq).padStart(12, '0')}`,
    effect: effectOfEvent(event),
    source: { kind: 'event', event },
  })

  const isFromInbound = (event: LedgerEvent): boolean => event.redactedAt === null && event.evidence.source === INBOUND_SOURCE

  /** Every ledger event about this number: sealed with it on any subject, or on its own subject. */
  async function numberEvents(e164: string): Promise<LedgerEvent[]> {
    const [byIdentifier, own] = await Promise.all([
      ctx.ledger.findByIdentifier('phone', e164),
      ctx.ledger.history(ctx.vault.subjectFor('phone', e164)),
    ])
    const seen = new Set<string>()
    return [...byIdentifier, ...own].filter((e) => !seen.has(e.id) && Boolean(seen.add(e.id)))
  }

  function transitionOf(event: LedgerEvent | undefined): string | undefined {
    if (event === undefined) return undefined
    const transition = event.redactedAt === null ? event.evidence.transition : undefined
    return typeof transition === 'string' ? transition : event.id
  }

  async function decide(e164: string, kind: SmsSendKind): Promise<SendDecision & { readonly transition?: string | undefined }> {
    const fold = foldSmsStatus((await numberEvents(e164)).map(eventEntry))
    const status = fold.status
    if (kind === 'opt_out_confirmation') {
      if (status !== 'opted_out') return { allowed: false, reason: 'not_opted_out', status }
      const transition = transitionOf(fold.decidedBy?.source.kind === 'event' ? fold.decidedBy.source.event : undefined)
      const sent = await ctx.db
        .selectFrom('sms_outbound')
        .select('id')
        .where('for_event', '=', transition ?? '')
        .executeTakeFirst()
      return sent ? { allowed: false, reason: 'confirmation_already_sent', status } : { allowed: true, reason: 'confirmation_allowed', status, transition }
    }
    if (status === 'opted_out') return { allowed: false, reason: 'opted_out', status }
    if (status === 'consented') return { allowed: true, reason: 'allowed', status }
    return { allowed: false, reason: 'no_consent', status }
  }

  /** Logs an outbound message, then sends it when a transport is configured; returns the provider id. */
  async function deliver(e164: string, lookup: string, kind: SmsSendKind | 'help', text: string, links: { forEvent?: string | undefined; forMessage?: string }): Promise<string | undefined> {
    const id = randomUUID()
    await ctx.db
      .insertInto('sms_outbound')
      .values({
        id, number_lookup: lookup, kind, for_event: links.forEvent ?? null, for_message: links.forMessage ?? null,
        status: 'pending', provider_message_id: null, created_at: ctx.now(), sent_at: null,
      })
      .execute()
    return sendLogged(e164, id, text)
  }

  async function sendLogged(e164: string, id: string, text: string): Promise<string | undefined> {
    if (options.transport === undefined) {
      await ctx.db.updateTable('sms_outbound').set({ status: 'returned', sent_at: ctx.now() }).where('id', '=', id).execute()
      return undefined
    }
    const { messageId } = await options.transport.send({ to: e164, from: sender(), text })
    await ctx.db.updateTable('sms_outbound').set({ status: 'sent', sent_at: ctx.now(), provider_message_id: messageId }).where('id', '=', id).execute()
    return messageId
  }

  async function reply(e164: string, lookup: string, kind: SmsReply['kind'], links: { forEvent?: string | undefined; forMessage: string }): Promise<SmsReply> {
    const text = textOf(kind)
    const messageId = await deliver(e164, lookup, kind, text, links)
    return messageId === undefined ? { kind, text } : { kind, text, messageId }
  }

  function sender(): string {
    if (options.from === undefined) throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'sms: a transport needs a sender: createSms(ctx, { transport, from })', { field: 'from' })
    return options.from
  }

  const textOf = (kind: SmsReply['kind']): string =>
    kind === 'help' ? program.texts.help : kind === 'opt_in_confirmation' ? program.texts.optInConfirmation : program.texts.optOutConfirmation

  /** Sends replies left pending by a failed transport, if they are still allowed; cancels the rest. */
  async function flushPending(e164: string, lookup: string): Promise<void> {
    const pending = await ctx.db.selectFrom('sms_outbound').selectAll().where('number_lookup', '=', lookup).where('status', '=', 'pending').orderBy('created_at').execute()
    for (const row of pending) {
      let allowed = row.kind === 'help'
      if (row.kind === 'opt_out_confirmation') {
        const fold = foldSmsStatus((await numberEvents(e164)).map(eventEntry))
        allowed = fold.status === 'opted_out' && transitionOf(fold.decidedBy?.source.kind === 'event' ? fold.decidedBy.source.event : undefined) === row.for_event
      } else if (row.kind === 'opt_in_confirmation') {
        allowed = (await decide(e164, 'opt_in_confirmation')).allowed
      }
      // A pending transactional message was never confirmed to its caller (send() threw): not resent.
      if (allowed) await sendLogged(e164, row.id, textOf(row.kind as SmsReply['kind']))
      else await ctx.db.updateTable('sms_outbound').set({ status: 'cancelled' }).where('id', '=', row.id).execute()
    }
  }

  /**
   * Brings the ledger in line with the fold of the inbound log and the app's events. Returns the
   * events recorded (empty when nothing changed), the fold, and the change's transition id.
   */
  async function reconcile(
    e164: string,
    lookup: string,
    current: { readonly messageId: string; readonly to: string; readonly text: string },
  ): Promise<{ recorded: RecordedEvent[]; fold: SmsFold<Source>; transition?: string | undefined }> {
    const [events, messages] = await Promise.all([
      numberEvents(e164),
      ctx.db.selectFrom('sms_inbound').selectAll().where('number_lookup', '=', lookup).execute(),
    ])
    const onRecord = foldSmsStatus(events.map(eventEntry))
    const wanted = foldSmsStatus<Source>([
      ...events.filter((e) => !isFromInbound(e)).map(eventEntry),
      ...messages.map((row): SmsEntry<Source> => ({ at: row.received_at, tiebreak: `1:${row.message_id}`, effect: effectOfMessage(row.kind), source: { kind: 'message', row } })),
    ])
    const decider = wanted.decidedBy?.source
    if (wanted.status === onRecord.status || decider?.kind !== 'message' || (wanted.status !== 'opted_out' && wanted.status !== 'consented')) {
      return { recorded: [], fold: onRecord }
    }
    const message = decider.row
    const type = wanted.status === 'opted_out' ? 'sms.opted_out' : 'sms.opted_in'
    const method = message.kind === 'other' ? (firstInboundMethod ?? 'keyword') : 'keyword'
    const latest = onRecord.latestAt
    const occurredAt = latest !== undefined && latest > message.received_at ? latest : message.received_at
    const transition = randomUUID()
    const subjects = new Set<string>([ctx.vault.subjectFor('phone', e164)])
    for (const e of events) if (e.type === 'sms.opted_in' || e.type === 'sms.opted_out') subjects.add(e.subject)
    const evidence = {
      source: INBOUND_SOURCE,
      transition,
      messageId: message.message_id,
      receivedAt: message.received_at.toISOString(),
      kind: message.kind,
      keyword: message.keyword,
      rule: message.rule,
      // The text is known for the message being handled; an earlier message's text is not kept.
      ...(message.message_id === current.messageId ? { to: current.to, text: current.text } : {}),
    }
    const base = onRecord.decidedBy?.source.kind === 'event' ? onRecord.decidedBy.source.event.id : 'none'
    const inputs = [...subjects].sort().map(
      (subject): RecordInput<P> => ({
        subject,
        type,
        phone: e164,
        method,
        occurredAt,
        evidence,
        idempotencyKey: `sms:${message.message_id}:${type}:${base}:${subject}`,
      }),
    )
    const recorded = (await ctx.ledger.appendMany(inputs)) as RecordedEvent[]
    const fold = foldSmsStatus((await numberEvents(e164)).map(eventEntry))
    return { recorded, fold, transition: transitionOf(recorded[0]) }
  }

  async function handleInbound(input: InboundSms): Promise<InboundResult> {
    const parsed = InboundSms.safeParse(input)
    if (!parsed.success) throw invalidInput(parsed.error)
    const from = phone(parsed.data.from, 'from')
    const to = phone(parsed.data.to, 'to')
    const receivedAt = new Date(parsed.data.receivedAt)
    const { messageId, text } = parsed.data
    const classification = classifySms(text, ctx.policy)
    if (receivedAt.getTime() > ctx.now().getTime() + MAX_FUTURE_SKEW_MS) throw invalidField('receivedAt', 'is in the future')
    const lookup = ctx.vault.lookup('phone', from)

    return locks.run(lookup, async () => {
      const inserted = await ctx.db
        .insertInto('sms_inbound')
        .values({ message_id: messageId, number_lookup: lookup, received_at: receivedAt, kind: classification.kind, keyword: classification.keyword ?? null, rule: classification.rule, recorded_at: ctx.now() })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .returning('message_id')
        .executeTakeFirst()
      const duplicate = inserted === undefined
      if (duplicate) {
        const stored = await ctx.db.selectFrom('sms_inbound').select('number_lookup').where('message_id', '=', messageId).executeTakeFirstOrThrow()
        if (stored.number_lookup !== lookup) {
          throw new PrivacyError(PrivacyErrorCode.CONFLICT, 'messageId: already used by a message from another number', { field: 'messageId' })
        }
      }
      // Also on a duplicate: a first delivery that failed half-way is completed by the retry.
      const outcome = await reconcile(from, lookup, { messageId, to, text })
      await flushPending(from, lookup)

      let sent: SmsReply | null = null
      const changed = outcome.recorded.length > 0
      const links = { forEvent: outcome.transition, forMessage: messageId }
      if (changed && outcome.fold.status === 'opted_out') {
        sent = await reply(from, lookup, 'opt_out_confirmation', links)
      } else if (changed && outcome.fold.status === 'consented' && outcome.recorded[0]?.evidence.messageId === messageId) {
        sent = await reply(from, lookup, 'opt_in_confirmation', links)
      } else if (!duplicate && classification.kind === 'help') {
        sent = await reply(from, lookup, 'help', { forMessage: messageId })
      }
      const consistencyToken = changed ? encodeConsistencyToken(outcome.recorded.map((e) => [e.subject, e.seq] as const)) : null
      return { classification, duplicate, from, status: outcome.fold.status, recorded: outcome.recorded, consistencyToken, reply: sent }
    })
  }

  async function canSend(to: string, kind: SmsSendKind = 'transactional'): Promise<SendDecision> {
    const e164 = phone(to, 'to')
    const parsedKind = SendKind.safeParse(kind)
    if (!parsedKind.success) throw invalidInput(parsedKind.error, 'kind')
    const { allowed, reason, status } = await decide(e164, parsedKind.data)
    return { allowed, reason, status }
  }

  async function send(message: OutboundSms): Promise<{ readonly messageId: string; readonly decision: SendDecision }> {
    const parsed = OutboundSms.safeParse(message)
    if (!parsed.success) throw invalidInput(parsed.error)
    const { text, kind } = parsed.data
    const e164 = phone(parsed.data.to, 'to')
    if (options.transport === undefined) {
      throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'sms: no transport configured: createSms(ctx, { transport, from })', { field: 'transport' })
    }
    sender()
    const expected = kind === 'opt_out_confirmation' ? program.texts.optOutConfirmation : kind === 'opt_in_confirmation' ? program.texts.optInConfirmation : undefined
    if (expected !== undefined && text !== expected) {
      throw new SmsRefusedError('not_policy_text', `a ${kind} must be the policy's text, word for word`)
    }
    const lookup = ctx.vault.lookup('phone', e164)
    return locks.run(lookup, async () => {
      const decision = await decide(e164, kind)
      if (!decision.allowed) throw new SmsRefusedError(decision.reason, `sms refused: ${reasonText(decision.reason)}`)
      const messageId = await deliver(e164, lookup, kind, text, { forEvent: kind === 'opt_out_confirmation' ? decision.transition : undefined })
      return { messageId: messageId ?? '', decision: { allowed: decision.allowed, reason: decision.reason, status: decision.status } }
    })
  }

  async function status(value: string): Promise<SmsStatus> {
    return foldSmsStatus((await numberEvents(phone(value, 'phone'))).map(eventEntry)).status
  }

  return { handleInbound, canSend, send, status }
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
