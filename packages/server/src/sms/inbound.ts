import { randomUUID } from 'node:crypto'
import type { Policy } from '@onmion/privacy-schema'
import { z } from 'zod'
import { MAX_FUTURE_SKEW_MS, notInFuture } from '../clock.js'
import type { PrivacyContext } from '../context.js'
import { PrivacyError, PrivacyErrorCode, invalidInput } from '../errors.js'
import { encodeConsistencyToken, type ConsistencyToken } from '../ledger/consistency.js'
import type { LedgerEvent, RecordInput, RecordedEvent } from '../ledger/events.js'
import { classifySms, type SmsClassification } from './classify.js'
import type { NumberLocks } from './number-lock.js'
import type { Outbox, SmsReply } from './outbox.js'
import type { GateDecision } from './send-gate.js'
import type { SmsSendKind } from './send-decision.js'
import { INBOUND_SOURCE, deciderEvent, transitionOf, type NumberState, type SmsSource, type SmsStateReader } from './sms-state.js'
import type { SmsFold, SmsStatus } from './sms-status.js'
import type { SmsInboundRow } from './tables.js'

/**
 * An inbound SMS as a webhook delivers it. `messageId` is the provider's id (Vonage `messageId`
 * or `message_uuid`): a second delivery of the same id records nothing and replies nothing.
 * `receivedAt` orders the messages of a number (see `createSms`).
 *
 * @example
 * const message: InboundSms = { from: params.msisdn, to: params.to, text: params.text, messageId: params.messageId, receivedAt: new Date(Number(params.timestamp) * 1000) }
 */
export const InboundSms = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  text: z.string(),
  messageId: z.string().min(1).max(200),
  receivedAt: z.union([z.date(), z.iso.datetime({ offset: true })], {
    error: (issue) => (issue.input === undefined ? 'required' : 'must be a Date or an ISO 8601 date-time with an offset'),
  }),
})
export type InboundSms = z.input<typeof InboundSms>

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

/** What the inbound flow is built from (see `createSms`). */
export interface InboundDeps {
  readonly state: SmsStateReader
  readonly outbox: Outbox
  readonly locks: NumberLocks
  readonly phone: (value: unknown, field: string) => string
  readonly decide: (fold: SmsFold<SmsSource>, kind: SmsSendKind) => Promise<GateDecision>
}

/**
 * The inbound flow: one message classified, the ledger brought in line with the number's log,
 * the message logged, and the reply it earned sent.
 *
 * All or nothing: the message is written to the inbound log (`sms_inbound`) only after what it
 * changed is recorded in the ledger. An attempt that fails before that leaves no row, so the
 * provider's redelivery is handled as a new message and applies it (an opt-out never waits for
 * the number's next text). An attempt that fails after the ledger write leaves events whose
 * idempotency keys make the retry record nothing twice; a reply the message earned and that was
 * not logged yet goes out on the retry (an opt-out's confirmation still at most once). The
 * number's events are read once per message and folded in memory.
 *
 * @example
 * const handleInbound = createInboundFlow(ctx, { state, outbox, locks, phone, decide: gate.decide })
 * await handleInbound({ from: '14155550100', to: '12015550123', text: 'STOP', messageId: 'm-1', receivedAt: new Date() })
 */
export function createInboundFlow<P extends Policy>(ctx: PrivacyContext<P>, deps: InboundDeps): (input: InboundSms) => Promise<InboundResult> {
  const { state, outbox, locks, phone, decide } = deps

  /**
   * Records what the number's log asks and the ledger does not say yet: the status of the fold of
   * the app's events and the inbound messages, when a message set it and it differs from the
   * status on record. Returns the events recorded (none when nothing changed).
   */
  async function reconcile(e164: string, number: NumberState, messages: readonly SmsInboundRow[], current: { readonly messageId: string; readonly to: string; readonly text: string }): Promise<RecordedEvent[]> {
    const onRecord = number.fold
    const wanted = state.foldWanted(number.events, messages)
    const decider = wanted.decidedBy?.source
    if (wanted.status === onRecord.status || decider?.kind !== 'message' || (wanted.status !== 'opted_out' && wanted.status !== 'consented')) return []
    const message = decider.row
    const type = wanted.status === 'opted_out' ? 'sms.opted_out' : 'sms.opted_in'
    const method = message.kind === 'other' ? (state.firstInboundMethod ?? 'keyword') : 'keyword'
    const latest = onRecord.latestAt
    // Never earlier than the latest event on record, so the ledger's own order agrees with the fold.
    const occurredAt = latest !== undefined && latest > message.received_at ? latest : message.received_at
    const subjects = new Set<string>([ctx.vault.subjectFor('phone', e164)])
    for (const e of number.events) if (e.type === 'sms.opted_in' || e.type === 'sms.opted_out') subjects.add(e.subject)
    const evidence = {
      source: INBOUND_SOURCE,
      transition: randomUUID(),
      messageId: message.message_id,
      receivedAt: message.received_at.toISOString(),
      kind: message.kind,
      keyword: message.keyword,
      rule: message.rule,
      // The text is known for the message being handled; an earlier message's text is not kept.
      ...(message.message_id === current.messageId ? { to: current.to, text: current.text } : {}),
    }
    const base = deciderEvent(onRecord)?.id ?? 'none'
    const inputs = [...subjects].sort().map(
      (subject): RecordInput<P> => ({ subject, type, phone: e164, method, occurredAt, evidence, idempotencyKey: `sms:${message.message_id}:${type}:${base}:${subject}` }),
    )
    return ctx.ledger.appendMany(inputs)
  }

  /** Sends replies left pending by a failed transport, if they are still allowed; cancels the rest. */
  async function flushPending(e164: string, lookup: string, fold: SmsFold<SmsSource>): Promise<void> {
    for (const row of await outbox.pending(lookup)) {
      let allowed = row.kind === 'help'
      if (row.kind === 'opt_out_confirmation') allowed = fold.status === 'opted_out' && transitionOf(deciderEvent(fold)) === row.for_event
      else if (row.kind === 'opt_in_confirmation') allowed = (await decide(fold, 'opt_in_confirmation')).allowed
      // A pending transactional message was never confirmed to its caller (send() threw): not resent.
      if (allowed) await outbox.sendLogged(e164, row.id, outbox.textOf(row.kind as SmsReply['kind']))
      else await outbox.cancel(row.id)
    }
  }

  /** The reply this message earned and that is not logged yet (so a retry sends what a failure held back, never twice). */
  async function replyFor(e164: string, lookup: string, messageId: string, classification: SmsClassification, fold: SmsFold<SmsSource>, changed: boolean): Promise<SmsReply | null> {
    const decider = deciderEvent(fold)
    const fromThisMessage = decider?.redactedAt === null && decider.evidence.messageId === messageId
    if (fold.status === 'opted_out' && (changed || fromThisMessage)) {
      const gate = await decide(fold, 'opt_out_confirmation')
      return gate.allowed ? outbox.reply(e164, lookup, 'opt_out_confirmation', { forEvent: gate.transition, forMessage: messageId }) : null
    }
    if (fold.status === 'consented' && fromThisMessage) {
      if (await outbox.logged('opt_in_confirmation', { forMessage: messageId })) return null
      return outbox.reply(e164, lookup, 'opt_in_confirmation', { forEvent: transitionOf(decider), forMessage: messageId })
    }
    if (classification.kind === 'help' && !(await outbox.logged('help', { forMessage: messageId }))) return outbox.reply(e164, lookup, 'help', { forMessage: messageId })
    return null
  }

  return async function handleInbound(input) {
    const parsed = InboundSms.safeParse(input)
    if (!parsed.success) throw invalidInput(parsed.error)
    const from = phone(parsed.data.from, 'from')
    const to = phone(parsed.data.to, 'to')
    const { messageId, text } = parsed.data
    const classification = classifySms(text, ctx.policy)
    const receivedAt = notInFuture(new Date(parsed.data.receivedAt), { field: 'receivedAt', clock: ctx.now(), toleranceMs: MAX_FUTURE_SKEW_MS })
    const lookup = ctx.vault.lookup('phone', from)

    return locks.run(lookup, async () => {
      const conflict = (): PrivacyError => new PrivacyError(PrivacyErrorCode.CONFLICT, 'messageId: already used by a message from another number', { field: 'messageId' })
      const stored = await ctx.db.selectFrom('sms_inbound').select('number_lookup').where('message_id', '=', messageId).executeTakeFirst()
      if (stored !== undefined && stored.number_lookup !== lookup) throw conflict()
      const duplicate = stored !== undefined
      const row: SmsInboundRow = {
        message_id: messageId, number_lookup: lookup, received_at: receivedAt, kind: classification.kind,
        keyword: classification.keyword ?? null, rule: classification.rule, recorded_at: ctx.now(),
      }
      const [number, logged] = await Promise.all([state.ofNumber(from), ctx.db.selectFrom('sms_inbound').selectAll().where('number_lookup', '=', lookup).execute()])
      // Also on a duplicate: a first delivery that failed half-way is completed by the retry.
      const recorded = await reconcile(from, number, duplicate ? logged : [...logged, row], { messageId, to, text })
      if (!duplicate) {
        const inserted = await ctx.db.insertInto('sms_inbound').values(row).onConflict((oc) => oc.column('message_id').doNothing()).returning('number_lookup').executeTakeFirst()
        if (inserted === undefined) {
          const other = await ctx.db.selectFrom('sms_inbound').select('number_lookup').where('message_id', '=', messageId).executeTakeFirst()
          if (other !== undefined && other.number_lookup !== lookup) throw conflict()
        }
      }
      const fold = state.foldEvents(mergeEvents(number.events, recorded))
      await flushPending(from, lookup, fold)
      const reply = await replyFor(from, lookup, messageId, classification, fold, recorded.length > 0)
      const consistencyToken = recorded.length > 0 ? encodeConsistencyToken(recorded.map((e) => [e.subject, e.seq] as const)) : null
      return { classification, duplicate, from, status: fold.status, recorded, consistencyToken, reply }
    })
  }
}

function mergeEvents(events: readonly LedgerEvent[], recorded: readonly LedgerEvent[]): LedgerEvent[] {
  const ids = new Set(events.map((e) => e.id))
  return [...events, ...recorded.filter((e) => !ids.has(e.id))]
}
