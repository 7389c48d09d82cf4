/**
 * What one entry does to a number's SMS status:
 * - `opt_out`: an opt-out (STOP or an `sms.opted_out` event);
 * - `opt_in`: an opt-in (START, an `sms.opted_in` event, a `consent.granted` for the SMS purpose);
 * - `withdraw`: a `consent.withdrawn` for the SMS purpose;
 * - `first_text`: a text that enrolls the sender only while nothing is known about the number
 *   (the policy's "when you text us first" enrollment method);
 * - `none`: no change (HELP, other texts).
 *
 * @example
 * const entry: SmsEntry = { at: new Date(), tiebreak: 'm-1', effect: 'opt_out' satisfies SmsEffect, source: null }
 */
export type SmsEffect = 'opt_out' | 'opt_in' | 'withdraw' | 'first_text' | 'none'

/**
 * A number's SMS status: never heard of, consented, consent withdrawn, or opted out.
 *
 * @example
 * const status: SmsStatus = await privacy.sms.status('+14155550100')
 */
export type SmsStatus = 'unknown' | 'consented' | 'withdrawn' | 'opted_out'

/**
 * One entry of a number's SMS history: a ledger event or an inbound message.
 *
 * @example
 * const stop: SmsEntry<string> = { at: new Date('2025-05-01T10:00:00Z'), tiebreak: 'm-1', effect: 'opt_out', source: 'm-1' }
 */
export interface SmsEntry<Source = unknown> {
  readonly at: Date
  /** Orders entries of the same instant: a ledger event's recording order, a message's id. */
  readonly tiebreak: string
  readonly effect: SmsEffect
  readonly source: Source
}

/**
 * The fold's result: the status and the entry that set it (undefined while `unknown`).
 *
 * @example
 * const { status, decidedBy } = foldSmsStatus(entries)
 */
export interface SmsFold<Source = unknown> {
  readonly status: SmsStatus
  readonly decidedBy: SmsEntry<Source> | undefined
  /** The latest `at` of all entries, or undefined when there are none. */
  readonly latestAt: Date | undefined
}

/**
 * Sorts entries by time, then tiebreak: the order "what happened" is judged in.
 *
 * @example
 * const ordered = [...entries].sort(compareEntries)
 */
export function compareEntries(a: SmsEntry, b: SmsEntry): number {
  const d = a.at.getTime() - b.at.getTime()
  if (d !== 0) return d
  return a.tiebreak < b.tiebreak ? -1 : a.tiebreak > b.tiebreak ? 1 : 0
}

/**
 * Folds a number's entries, in time order, into its SMS status: the sequential model the SMS module
 * implements, whatever order webhooks arrive in. The last opt-in or opt-out wins; a `first_text`
 * enrolls only a number in status `unknown`; HELP and other texts change nothing.
 *
 * @example
 * foldSmsStatus([
 *   { at: new Date('2025-05-01T10:00:00Z'), tiebreak: 'm1', effect: 'first_text', source: 'm1' },
 *   { at: new Date('2025-05-01T11:00:00Z'), tiebreak: 'm2', effect: 'opt_out', source: 'm2' },
 * ]).status // 'opted_out'
 */
export function foldSmsStatus<Source>(entries: readonly SmsEntry<Source>[]): SmsFold<Source> {
  let status: SmsStatus = 'unknown'
  let decidedBy: SmsEntry<Source> | undefined
  let latestAt: Date | undefined
  for (const entry of [...entries].sort(compareEntries)) {
    latestAt = entry.at
    if (entry.effect === 'none' || (entry.effect === 'first_text' && status !== 'unknown')) continue
    // An explicit opt-in or opt-out decides even when it repeats the status: the latest is the evidence.
    status = nextStatus(status, entry.effect)
    decidedBy = entry
  }
  return { status, decidedBy, latestAt }
}

function nextStatus(status: SmsStatus, effect: SmsEffect): SmsStatus {
  switch (effect) {
    case 'opt_out':
      return 'opted_out'
    case 'opt_in':
      return 'consented'
    case 'withdraw':
      return 'withdrawn'
    case 'first_text':
      return status === 'unknown' ? 'consented' : status
    case 'none':
      return status
  }
}
