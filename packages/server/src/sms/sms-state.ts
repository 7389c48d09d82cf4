import type { Policy } from '@onmion/privacy-schema'
import type { PrivacyContext } from '../context.js'
import type { LedgerEvent } from '../ledger/events.js'
import { unexplainedRedaction } from '../ledger/redaction-audit.js'
import { ledgerRules } from '../records/ledger-rules.js'
import { foldSmsStatus, type SmsEffect, type SmsEntry, type SmsFold } from './sms-status.js'
import type { SmsInboundRow } from './tables.js'

/** Evidence `source` marking ledger events the SMS module recorded from inbound messages. */
export const INBOUND_SOURCE = 'sms_inbound'

/** What an entry of a number's SMS history came from: a ledger event or a logged inbound message. */
export type SmsSource = { readonly kind: 'event'; readonly event: LedgerEvent } | { readonly kind: 'message'; readonly row: SmsInboundRow }

/**
 * A number's SMS state: every ledger event about it and their fold (what the send gate and the
 * replies decide on).
 *
 * @example const { fold } = await state.ofNumber('+14155550100')
 */
export interface NumberState {
  readonly events: readonly LedgerEvent[]
  readonly fold: SmsFold<SmsSource>
}

/**
 * The SMS state of numbers, from the ledger: what each event and message does to a number's
 * status, and the fold of a number's events. Shared by the inbound flow and the send gate, so
 * both judge a number by the same rules.
 *
 * @example
 * const state = createSmsState(ctx)
 * const { fold } = await state.ofNumber('+14155550100') // fold.status: 'consented'
 */
export function createSmsState<P extends Policy>(ctx: PrivacyContext<P>) {
  const program = ctx.policy.channels.sms
  const smsPurpose: string = program.purpose
  /** The policy's "text us first" enrollment method, if it has one. */
  const firstInboundMethod = program.enrollmentMethods.find((m) => m.enrollsOnFirstInbound)?.id
  const rules = ledgerRules(ctx.policy)
  /**
   * Redacted events of a subject whose redactions the policy does not explain (made by hand; see
   * `unexplainedRedaction`): each counts as an opt-out, so hiding an opt-out never lets the
   * number be texted again.
   */
  const hiddenByHand = new WeakSet<LedgerEvent>()

  function effectOfEvent(event: LedgerEvent): SmsEffect {
    if (event.redactedAt !== null) return hiddenByHand.has(event) ? 'opt_out' : 'none'
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

  const eventEntry = (event: LedgerEvent): SmsEntry<SmsSource> => ({
    at: event.occurredAt,
    tiebreak: `0:${event.recordedAt.toISOString()}:${event.subject}:${String(event.seq).padStart(12, '0')}`,
    effect: effectOfEvent(event),
    source: { kind: 'event', event },
  })

  const messageEntry = (row: SmsInboundRow): SmsEntry<SmsSource> => ({ at: row.received_at, tiebreak: `1:${row.message_id}`, effect: effectOfMessage(row.kind), source: { kind: 'message', row } })

  /** Every ledger event about this number: sealed with it on any subject, or on its own subject. */
  async function numberEvents(e164: string): Promise<LedgerEvent[]> {
    const [byIdentifier, own] = await Promise.all([ctx.ledger.findByIdentifier('phone', e164), ctx.ledger.history(ctx.vault.subjectFor('phone', e164))])
    // Redaction removes the identifier, so only the number's own subject still shows redacted events.
    if (unexplainedRedaction(own, rules) !== undefined) for (const event of own) if (event.redactedAt !== null) hiddenByHand.add(event)
    const seen = new Set<string>()
    return [...byIdentifier, ...own].filter((e) => !seen.has(e.id) && Boolean(seen.add(e.id)))
  }

  return {
    firstInboundMethod,
    /** The number's events and their fold. */
    async ofNumber(e164: string): Promise<NumberState> {
      const events = await numberEvents(e164)
      return { events, fold: foldSmsStatus(events.map(eventEntry)) }
    },
    /** The fold of these events (no I/O). */
    foldEvents: (events: readonly LedgerEvent[]): SmsFold<SmsSource> => foldSmsStatus(events.map(eventEntry)),
    /**
     * The status the number should have: the app's own events and the logged inbound messages
     * (events the module recorded from messages are left out: the messages speak for them).
     */
    foldWanted: (events: readonly LedgerEvent[], messages: readonly SmsInboundRow[]): SmsFold<SmsSource> =>
      foldSmsStatus([...events.filter((e) => !isFromInbound(e)).map(eventEntry), ...messages.map(messageEntry)]),
  }
}

/** What {@link createSmsState} returns. */
export type SmsStateReader = ReturnType<typeof createSmsState>

/**
 * Whether the SMS module recorded this event from an inbound message.
 *
 * @example events.filter(isFromInbound)
 */
export function isFromInbound(event: LedgerEvent): boolean {
  return event.redactedAt === null && event.evidence.source === INBOUND_SOURCE
}

/**
 * The event that set a fold's status, when an event did (not a message).
 *
 * @example const event = deciderEvent(fold)
 */
export function deciderEvent(fold: SmsFold<SmsSource>): LedgerEvent | undefined {
  const source = fold.decidedBy?.source
  return source?.kind === 'event' ? source.event : undefined
}

/**
 * The transition an event belongs to: the id the module gave the change it recorded on every
 * subject of a number (so one opt-out is confirmed once), else the event's own id.
 *
 * @example transitionOf(deciderEvent(fold))
 */
export function transitionOf(event: LedgerEvent | undefined): string | undefined {
  if (event === undefined) return undefined
  const transition = event.redactedAt === null ? event.evidence.transition : undefined
  return typeof transition === 'string' ? transition : event.id
}
