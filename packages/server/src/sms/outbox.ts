import { randomUUID } from 'node:crypto'
import type { Policy } from '@onmion/privacy-schema'
import type { PrivacyContext } from '../context.js'
import { PrivacyError, PrivacyErrorCode } from '../errors.js'
import type { SmsSendKind } from './send-decision.js'
import type { SmsTransport } from './transport.js'

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

/** What a logged message answers: an opt-out's transition (confirmed once), an inbound message. */
export interface OutboxLinks {
  readonly forEvent?: string | undefined
  readonly forMessage?: string
}

/**
 * The outbound log (`sms_outbound`) and the transport: every message is logged before it is sent,
 * so a message whose sending failed stays `pending` and can go out later, and an opt-out's
 * confirmation is logged at most once (unique `for_event`).
 *
 * @example
 * const outbox = createOutbox(ctx, options.transport, options.from)
 * const reply = await outbox.reply(e164, lookup, 'help', { forMessage: 'm-1' })
 */
export function createOutbox<P extends Policy>(ctx: PrivacyContext<P>, transport: SmsTransport | undefined, from: string | undefined) {
  const texts = ctx.policy.channels.sms.texts

  function sender(): string {
    if (from === undefined) throw new PrivacyError(PrivacyErrorCode.CONFIGURATION, 'sms: a transport needs a sender: createSms(ctx, { transport, from })', { field: 'from' })
    return from
  }

  /** Sends a logged message when a transport is configured and marks it; returns the provider id. */
  async function sendLogged(e164: string, id: string, text: string): Promise<string | undefined> {
    if (transport === undefined) {
      await ctx.db.updateTable('sms_outbound').set({ status: 'returned', sent_at: ctx.now() }).where('id', '=', id).execute()
      return undefined
    }
    const { messageId } = await transport.send({ to: e164, from: sender(), text })
    await ctx.db.updateTable('sms_outbound').set({ status: 'sent', sent_at: ctx.now(), provider_message_id: messageId }).where('id', '=', id).execute()
    return messageId
  }

  /** Logs an outbound message, then sends it; returns the provider id (undefined without a transport). */
  async function deliver(e164: string, lookup: string, kind: SmsSendKind | 'help', text: string, links: OutboxLinks): Promise<string | undefined> {
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

  /** The policy's text for a reply. */
  const textOf = (kind: SmsReply['kind']): string => (kind === 'help' ? texts.help : kind === 'opt_in_confirmation' ? texts.optInConfirmation : texts.optOutConfirmation)

  return {
    transport,
    sender,
    textOf,
    deliver,
    sendLogged,
    /** Logs and sends one of the policy's replies. */
    async reply(e164: string, lookup: string, kind: SmsReply['kind'], links: OutboxLinks): Promise<SmsReply> {
      const text = textOf(kind)
      const messageId = await deliver(e164, lookup, kind, text, links)
      return messageId === undefined ? { kind, text } : { kind, text, messageId }
    },
    /** Whether a message of `kind` was already logged for this event transition or inbound message. */
    async logged(kind: SmsReply['kind'], links: OutboxLinks): Promise<boolean> {
      let query = ctx.db.selectFrom('sms_outbound').select('id').where('kind', '=', kind)
      if (links.forEvent !== undefined) query = query.where('for_event', '=', links.forEvent)
      if (links.forMessage !== undefined) query = query.where('for_message', '=', links.forMessage)
      return (await query.limit(1).executeTakeFirst()) !== undefined
    },
    /** Messages of this number left `pending` by a failed transport, oldest first. */
    pending: (lookup: string) => ctx.db.selectFrom('sms_outbound').selectAll().where('number_lookup', '=', lookup).where('status', '=', 'pending').orderBy('created_at').execute(),
    /** Marks a pending message as no longer allowed. */
    async cancel(id: string): Promise<void> {
      await ctx.db.updateTable('sms_outbound').set({ status: 'cancelled' }).where('id', '=', id).execute()
    },
  }
}

/** What {@link createOutbox} returns. */
export type Outbox = ReturnType<typeof createOutbox>
