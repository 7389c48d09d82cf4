/**
 * A row of `sms_inbound`: one inbound message, recorded once per provider message id. It holds
 * no identifier in clear: the sender is the vault's keyed hash of the E.164 number, and the text
 * stays in the ledger event's evidence (where retention can redact it). The state machine reads
 * this log, so the order messages arrive in does not change the outcome.
 *
 * @example
 * const rows = await db.selectFrom('sms_inbound').selectAll().where('number_lookup', '=', vault.lookup('phone', '+14155550100')).execute()
 */
export interface SmsInboundRow {
  message_id: string
  number_lookup: string
  received_at: Date
  kind: string
  keyword: string | null
  rule: string
  recorded_at: Date
}

/**
 * A row of `sms_outbound`: one message handed to the transport (or returned for the caller to
 * send). `for_event` ties an opt-out confirmation to its opt-out event: unique, so each opt-out
 * is confirmed at most once. `status` is `pending` until the transport accepted it, then `sent`
 * (or `returned` when no transport is configured, `cancelled` when no longer allowed).
 *
 * @example
 * const sent = await db.selectFrom('sms_outbound').selectAll().where('kind', '=', 'opt_out_confirmation').execute()
 */
export interface SmsOutboundRow {
  id: string
  number_lookup: string
  kind: string
  for_event: string | null
  for_message: string | null
  status: string
  provider_message_id: string | null
  created_at: Date
  sent_at: Date | null
}

declare module '../storage/tables.js' {
  interface Tables {
    sms_inbound: SmsInboundRow
    sms_outbound: SmsOutboundRow
  }
}
