import type { RightsRequest } from '@onmion/privacy-server'

/**
 * One line of `rights list`: the request, its answer due date (and the rule that set it), its
 * acknowledgement (due, done, or `-` when no law asks for one), each marked OVERDUE when an open
 * request is past it, then the subject.
 *
 * @example rightsLine(request, new Date()) // 'rr_1  access  received  answer due 2026-06-21T15:00:00.000Z (policy)  ack due 2026-06-08T15:00:00.000Z (ccpa)  u_1'
 */
export function rightsLine(r: RightsRequest, now: Date): string {
  const open = r.closedAt === null
  let ack = 'ack -'
  if (r.acknowledgedAt !== null) ack = `ack done ${r.acknowledgedAt.toISOString()}`
  else if (r.acknowledgeDueAt !== null) ack = `ack due ${r.acknowledgeDueAt.toISOString()} (${r.acknowledgeRule ?? 'law'})${open && r.acknowledgeDueAt < now ? ' ACK OVERDUE' : ''}`
  const answer = `answer due ${r.dueAt.toISOString()} (${r.deadlineRule})${open && r.dueAt < now ? ' OVERDUE' : ''}`
  return `${r.id}  ${r.type.padEnd(13)} ${r.status.padEnd(17)} ${answer}  ${ack}  ${r.subject}`
}
