import { addDuration, type RetentionRule } from '@onmion/privacy-schema'
import { CLOCK_TOLERANCE_MS } from '../clock.js'

/**
 * The retention rules of each ledger event type (what `records/` derives from the policy, passed
 * in so the ledger does not import the layer above it). A type without rules is never swept.
 *
 * @example const rules: RedactionRules = new Map([['consent.withdrawn', [{ id: 'consent_records', duration: 'P5Y' }]]])
 */
export type RedactionRules = ReadonlyMap<string, readonly Pick<RetentionRule, 'id' | 'duration' | 'minimum'>[]>

/**
 * What the audit reads of an event: its place, its type and its two times, all of them covered
 * by the content hash except `redactedAt`, which is what the audit judges.
 *
 * @example const facts: RedactionFacts = { seq: 2, type: 'consent.withdrawn', recordedAt, redactedAt: null }
 */
export interface RedactionFacts {
  readonly seq: number
  readonly type: string
  readonly recordedAt: Date
  readonly redactedAt: Date | null
}

/**
 * A redaction the policy does not explain: neither retention nor an erasure could have made it.
 *
 * @example const found: UnexplainedRedaction = { seq: 2, reason: 'recorded 2026-12-06, its rule (consent_records, P5Y) was not due ...' }
 */
export interface UnexplainedRedaction {
  readonly seq: number
  readonly reason: string
}

/**
 * The state an event speaks for, by type. Retention redacts an event only when a later event of
 * the same key supersedes it; a redacted row has lost the purpose that completes the key (it was
 * in the payload), so the audit can only ask for a later event of the same family.
 */
const FAMILY: Readonly<Record<string, string>> = {
  'consent.granted': 'consent',
  'consent.withdrawn': 'consent',
  'objection.recorded': 'objection',
  'objection.lifted': 'objection',
  'restriction.set': 'restriction',
  'restriction.lifted': 'restriction',
  'age.attested': 'age',
  'sms.opted_in': 'sms',
  'sms.opted_out': 'sms',
  'cookies.choice': 'cookies',
}

/**
 * How far back from a claimed erasure time the audit expects every event of the erased rule to
 * be redacted. An erasure reads the subject's events and then redacts them: an event appended by
 * another instance in between (with a clock behind) may be left. A day is the skew the SDK
 * tolerates everywhere else.
 */
const ERASURE_MARGIN_MS = CLOCK_TOLERANCE_MS

const time = (d: Date | null): number => (d === null ? Number.POSITIVE_INFINITY : d.getTime())
const iso = (d: Date): string => d.toISOString()

/**
 * Finds the first redaction of one subject's events (in `seq` order) that the policy cannot
 * explain. Only retention and an erasure redact, and each leaves a shape a hand-set
 * `redacted_at` rarely has:
 *
 * - any redaction: after the event was recorded, and never before a retention minimum of its
 *   type has passed (an erasure keeps those too);
 * - retention: the type's rule has a duration that had passed (give or take the clock tolerance
 *   a sweep's `now` may have), and a later event of the same family still stood then (retention
 *   only redacts superseded events, never the one a standing state depends on);
 * - an erasure: every other event under the same rules that an erasure at that time would have
 *   erased is redacted too, no later than it: all recorded before it (a minimum only keeps newer
 *   ones) and, for rules without a minimum, all recorded a day or more before the erasure.
 *
 * `redacted_at` is not in the hash, so a writer can choose it; what they cannot choose are the
 * hashed types and times of the other events. What this cannot tell apart: a hand-made redaction
 * shaped exactly like an erasure of every event of the rule up to a chosen time (see the README).
 *
 * @example
 * const found = unexplainedRedaction(events, ledgerRules(policy))
 * if (found) console.error(`event ${found.seq}: ${found.reason}`)
 */
export function unexplainedRedaction(events: readonly RedactionFacts[], rules: RedactionRules): UnexplainedRedaction | undefined {
  if (!events.some((e) => e.redactedAt !== null)) return undefined

  // For each event, the latest time an event of its family after it still stood (not redacted:
  // +Infinity), scanning from the end.
  const laterStanding = new Map<number, number>()
  const standingByFamily = new Map<string, number>()
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]
    if (event === undefined) continue
    const family = FAMILY[event.type] ?? event.type
    laterStanding.set(i, standingByFamily.get(family) ?? Number.NEGATIVE_INFINITY)
    standingByFamily.set(family, Math.max(standingByFamily.get(family) ?? Number.NEGATIVE_INFINITY, time(event.redactedAt)))
  }

  // Events under the same rules, by recording time, with the running latest redaction time
  // (+Infinity once one is unredacted): "was everything up to t redacted by T" is one lookup.
  const groups = new Map<string, { at: number[]; latest: number[] }>()
  const ruleKey = (type: string): string => (rules.get(type) ?? []).map((r) => r.id).join(',')
  for (const event of [...events].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime())) {
    const key = ruleKey(event.type)
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { at: [], latest: [] }))
    group.latest.push(Math.max(group.latest.at(-1) ?? Number.NEGATIVE_INFINITY, time(event.redactedAt)))
    group.at.push(event.recordedAt.getTime())
  }
  const allRedactedBy = (key: string, upTo: number, by: number): boolean => {
    const group = groups.get(key)
    if (!group) return true
    let lo = 0
    let hi = group.at.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((group.at[mid] ?? Number.POSITIVE_INFINITY) <= upTo) lo = mid + 1
      else hi = mid
    }
    return lo === 0 || (group.latest[lo - 1] ?? Number.POSITIVE_INFINITY) <= by
  }

  for (const [i, event] of events.entries()) {
    if (event.redactedAt === null) continue
    const at = event.redactedAt.getTime()
    const recorded = event.recordedAt.getTime()
    const typeRules = rules.get(event.type) ?? []
    const where = `${event.type} recorded ${iso(event.recordedAt)}, redacted ${iso(event.redactedAt)}`
    if (at < recorded) return { seq: event.seq, reason: `${where}: redacted before it was recorded` }
    const minimum = typeRules.find((r) => r.minimum !== undefined && addDuration(event.recordedAt, r.minimum).getTime() > at)
    if (minimum !== undefined) return { seq: event.seq, reason: `${where}: inside the minimum of ${minimum.id} (${minimum.minimum ?? ''})` }

    const primary = typeRules[0]
    const due = primary?.duration !== undefined && addDuration(event.recordedAt, primary.duration).getTime() <= at + CLOCK_TOLERANCE_MS
    if (due && (laterStanding.get(i) ?? Number.NEGATIVE_INFINITY) >= at) continue

    const key = ruleKey(event.type)
    const hasMinimum = typeRules.some((r) => r.minimum !== undefined)
    const upTo = hasMinimum ? recorded : Math.max(recorded, at - ERASURE_MARGIN_MS)
    if (allRedactedBy(key, upTo, at)) continue
    return {
      seq: event.seq,
      reason: due
        ? `${where}: no later ${FAMILY[event.type] ?? event.type} event stood then (retention never redacts a standing event), and earlier events of its rule were not redacted (not an erasure)`
        : `${where}: not due under ${primary?.id ?? 'any rule'}${primary?.duration === undefined ? '' : ` (${primary.duration})`}, and earlier events of its rule were not redacted (not an erasure)`,
    }
  }
  return undefined
}
