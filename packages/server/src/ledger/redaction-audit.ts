import { addDuration, type RetentionRule } from '@onmion/privacy-schema'
import { CLOCK_TOLERANCE_MS } from '../clock.js'
import { ERASURE_EVENT_TYPE, parseSeqRanges } from './erasure-record.js'
import { stateFamily, supersedes } from './state-key.js'

/**
 * The retention rules of each ledger event type (what `records/` derives from the policy, passed
 * in so the ledger does not import the layer above it). A type without rules is never swept.
 *
 * @example const rules: RedactionRules = new Map([['consent.withdrawn', [{ id: 'consent_records', duration: 'P5Y' }]]])
 */
export type RedactionRules = ReadonlyMap<string, readonly Pick<RetentionRule, 'id' | 'duration' | 'minimum'>[]>

/**
 * What the audit reads of an event: its place, its type, its two times and its state key, all of
 * them covered by the content hash except `redactedAt`, which is what the audit judges; and, for
 * an `erasure.applied` event, what it lists (hashed too).
 *
 * @example const facts: RedactionFacts = { seq: 2, type: 'consent.withdrawn', recordedAt, redactedAt: null, stateKey: 'consent:analytics' }
 */
export interface RedactionFacts {
  readonly seq: number
  readonly type: string
  readonly recordedAt: Date
  readonly redactedAt: Date | null
  /** The stored state key (`state-key.ts`); null or absent for keyless types and events written before keys were stored. */
  readonly stateKey?: string | null
  /** An `erasure.applied` event's time of redaction (ISO 8601). */
  readonly erasedAt?: unknown
  /** An `erasure.applied` event's list of chain positions (`1-5,7`). */
  readonly erased?: unknown
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

const time = (d: Date | null): number => (d === null ? Number.POSITIVE_INFINITY : d.getTime())
const iso = (d: Date): string => d.toISOString()

/**
 * Finds the first redaction of one subject's events (in `seq` order) that the policy cannot
 * explain. Only retention and an erasure redact:
 *
 * - any redaction: after the event was recorded, and never before a retention minimum of its
 *   type has passed (an erasure keeps those too);
 * - retention: the type's rule has a duration that had passed (give or take the clock tolerance
 *   a sweep's `now` may have), and a later event that supersedes it still stood then (retention
 *   only redacts superseded events, never the one a standing state depends on). Supersession is
 *   the sweep's rule over the stored, hashed state key (`state-key.ts`): the same key, a lift of
 *   every objection over an objection, a cookie choice naming every category of the earlier one.
 *   A keyless type (`notice.announced`) is never redacted by retention;
 * - an erasure: a later, unredacted `erasure.applied` event of the chain lists the event's
 *   position with exactly its `redactedAt`. That event is hashed like any other, so a writer who
 *   sets `redacted_at` by hand cannot also make an erasure list it without breaking the chain
 *   (or, rewriting the chain, without failing a checkpoint taken before).
 *
 * `redacted_at` is not in the hash, so a writer can choose it; what they cannot choose are the
 * hashed types, times and state keys of the events, and the erasures' lists.
 *
 * The residual: an event written before state keys were stored (content format v1) has no key,
 * and once redacted it has lost the payload that held the rest of it (the purpose, the cookie
 * categories). For such an event the audit can only ask for a later event of the same family
 * (`consent`, `objection`...): a writer could hide an old, standing v1 objection for one purpose
 * behind a later objection event about another. Events written since carry their key.
 *
 * @example
 * const found = unexplainedRedaction(events, ledgerRules(policy))
 * if (found) console.error(`event ${found.seq}: ${found.reason}`)
 */
export function unexplainedRedaction(events: readonly RedactionFacts[], rules: RedactionRules): UnexplainedRedaction | undefined {
  if (!events.some((e) => e.redactedAt !== null)) return undefined

  // For each event, the latest time an event after it that supersedes it still stood (not
  // redacted: +Infinity), scanning from the end: by key for keyed events, by family for keyless
  // events of a keyed type (written before keys were stored).
  const laterStanding = new Map<number, number>()
  const standingByKey = new Map<string, number>()
  const standingByFamily = new Map<string, number>()
  const latest = (map: Map<string, number>, key: string, at: number): void => {
    map.set(key, Math.max(map.get(key) ?? Number.NEGATIVE_INFINITY, at))
  }
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]
    if (event === undefined) continue
    const key = event.stateKey ?? null
    const family = stateFamily(event.type)
    if (event.redactedAt !== null) {
      let standing = Number.NEGATIVE_INFINITY
      if (key !== null) {
        // Few distinct keys per subject: a scan of them is cheaper than an index of supersets.
        for (const [later, at] of standingByKey) if (at > standing && supersedes(later, key)) standing = at
      } else if (family !== undefined) {
        standing = standingByFamily.get(family) ?? standing
      }
      laterStanding.set(i, standing)
    }
    if (key !== null) latest(standingByKey, key, time(event.redactedAt))
    if (family !== undefined) latest(standingByFamily, family, time(event.redactedAt))
  }
  // The erasures' own records, readable ones only (a redacted or malformed record lists nothing).
  const erasures = events.flatMap((event) => {
    const listed = event.type === ERASURE_EVENT_TYPE && event.redactedAt === null ? parseSeqRanges(event.erased) : undefined
    const at = typeof event.erasedAt === 'string' ? Date.parse(event.erasedAt) : Number.NaN
    return listed === undefined || Number.isNaN(at) ? [] : [{ seq: event.seq, at, listed }]
  })
  const erasedBy = (seq: number, at: number): boolean => erasures.some((e) => e.seq > seq && e.at === at && e.listed(seq))

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
    if (erasedBy(event.seq, at)) continue
    const notErased = `and no later ${ERASURE_EVENT_TYPE} event lists it with that time`
    const family = stateFamily(event.type)
    const superseding =
      event.stateKey !== null && event.stateKey !== undefined
        ? `no later event superseding ${event.stateKey} stood then (retention never redacts a standing event)`
        : family !== undefined
          ? `no later ${family} event stood then (retention never redacts a standing event)`
          : 'no later event supersedes its type (retention never redacts it)'
    return {
      seq: event.seq,
      reason: due
        ? `${where}: ${superseding}, ${notErased}`
        : `${where}: not due under ${primary?.id ?? 'any rule'}${primary?.duration === undefined ? '' : ` (${primary.duration})`}, ${notErased}`,
    }
  }
  return undefined
}
