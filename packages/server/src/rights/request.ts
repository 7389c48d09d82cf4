import type { Policy, RightId, SubjectId } from '@onmion/privacy-schema'
import type { Selectable } from 'kysely'
import { z } from 'zod'
import type { Tables } from '../storage/tables.js'
import type { DeadlineRule, Jurisdiction } from './deadline.js'
import type { RequestStatus } from './status.js'

/**
 * How a rights request reached the business. A closed list, so reports can count by channel and
 * a typo is refused rather than stored; `other` (with a `note`) covers the rest.
 *
 * @example RequestChannel.parse('web_form') // 'web_form'
 */
export const RequestChannel = z.enum(['email', 'web_form', 'in_app', 'phone', 'sms', 'letter', 'in_person', 'other'])
export type RequestChannel = z.infer<typeof RequestChannel>

/**
 * One entry of a request's history: a status it moved to, an acknowledgement (`acknowledged`),
 * an extension (`extended`, with the new due date) or the lifting of a restriction or objection (`lifted`).
 *
 * @example request.history.map((h) => h.status) // ['received', 'identity_verified', ...]
 */
export interface RequestHistoryEntry {
  readonly status: RequestStatus | 'acknowledged' | 'extended' | 'lifted'
  readonly at: Date
  readonly reason: string | null
  readonly dueAt: Date | null
}

/**
 * A rights request with its deadline and history.
 *
 * @example const request: RightsRequest = await privacy.rights.get('rr_...')
 */
export interface RightsRequest<P extends Policy = Policy> {
  readonly id: string
  readonly subject: SubjectId
  readonly type: RightId<P>
  readonly channel: RequestChannel
  readonly note: string | null
  readonly status: RequestStatus
  /** The laws considered for the deadline. */
  readonly jurisdictions: readonly Jurisdiction[]
  readonly receivedAt: Date
  readonly dueAt: Date
  /** Which deadline set `dueAt`: the policy's, or an earlier one of a law. */
  readonly deadlineRule: DeadlineRule
  /** When the request must be acknowledged, apart from the answer (CCPA: 10 business days); `null` when no applicable law asks. */
  readonly acknowledgeDueAt: Date | null
  /** The clock that set `acknowledgeDueAt`. */
  readonly acknowledgeRule: string | null
  /** When it was acknowledged (a transition to `acknowledged`, or its closing); `null` while not. */
  readonly acknowledgedAt: Date | null
  /** The latest date an extension may reach, fixed at opening; `null` when no applicable law allows one. */
  readonly extensionLimit: Date | null
  readonly extended: boolean
  readonly closedAt: Date | null
  /** What fulfilment reported (counts, rules, dates, failures), never the subject's data. */
  readonly outcome: Readonly<Record<string, unknown>> | null
  readonly policyVersion: string
  readonly history: readonly RequestHistoryEntry[]
}

type RequestRow = Selectable<Tables['privacy_rights_requests']>
type HistoryRow = Selectable<Tables['privacy_rights_history']>

/**
 * A stored request and its history rows as the API returns it.
 *
 * @example const request = toRequest(row, historyRows)
 */
export function toRequest<P extends Policy>(row: RequestRow, history: readonly HistoryRow[]): RightsRequest<P> {
  return {
    id: row.id,
    subject: row.subject as SubjectId,
    type: row.type as RightId<P>,
    channel: row.channel as RequestChannel,
    note: row.note,
    status: row.status as RequestStatus,
    jurisdictions: (typeof row.jurisdictions === 'string' ? JSON.parse(row.jurisdictions) : row.jurisdictions) as Jurisdiction[],
    receivedAt: row.received_at,
    dueAt: row.due_at,
    deadlineRule: row.deadline_rule,
    acknowledgeDueAt: row.acknowledge_due_at,
    acknowledgeRule: row.acknowledge_rule,
    acknowledgedAt: row.acknowledged_at,
    extensionLimit: row.extension_limit,
    extended: row.extended,
    closedAt: row.closed_at,
    outcome: (typeof row.outcome === 'string' ? JSON.parse(row.outcome) : row.outcome) as Record<string, unknown> | null,
    policyVersion: row.policy_version,
    history: history.map((h) => ({ status: h.status as RequestHistoryEntry['status'], at: h.at, reason: h.reason, dueAt: h.due_at })),
  }
}
