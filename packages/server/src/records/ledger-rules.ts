import type { Policy, RetentionRule } from '@onmion/privacy-schema'
import { ERASURE_EVENT_TYPE } from '../ledger/erasure-record.js'
import { LedgerEventType } from '../ledger/events.js'

/** The types whose rules are not the consent records'. */
const RULES_BY_TYPE: Partial<Record<LedgerEventType, readonly string[]>> = { 'sms.opted_out': ['sms_opt_out_logs'], [ERASURE_EVENT_TYPE]: [] }

/**
 * Which retention rules govern each ledger event type, by rule id: SMS opt-outs are opt-out
 * logs (kept at least five years for carrier audits), an erasure's record has none (it holds no
 * personal data and must outlive the redactions it explains), every other event is a consent
 * record. A rule id the policy does not declare is ignored; a type left with no rule is never swept.
 *
 * @example LEDGER_RULES['sms.opted_out'] // ['sms_opt_out_logs']
 */
export const LEDGER_RULES: Readonly<Record<LedgerEventType, readonly string[]>> = Object.fromEntries(
  LedgerEventType.options.map((type) => [type, RULES_BY_TYPE[type] ?? ['consent_records']]),
) as unknown as Record<LedgerEventType, readonly string[]>

/**
 * The ledger's record kinds (event types) resolved to the policy's rules.
 *
 * @example ledgerRules(onmionPolicy).get('sms.opted_out')?.[0]?.minimum // 'P5Y'
 */
export function ledgerRules(policy: Policy): Map<LedgerEventType, RetentionRule[]> {
  const rules = new Map(policy.retention.map((r) => [r.id, r]))
  const out = new Map<LedgerEventType, RetentionRule[]>()
  for (const type of LedgerEventType.options) {
    const list = LEDGER_RULES[type].flatMap((id) => {
      const rule = rules.get(id)
      return rule ? [rule] : []
    })
    if (list.length > 0) out.set(type, list)
  }
  return out
}
