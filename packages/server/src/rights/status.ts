/**
 * Where a rights request stands. `completed` and `denied` close it; `extended` is not a status
 * but a history entry (an extension moves the due date and leaves the status as it was).
 *
 * @example RequestStatus.received // 'received'
 */
export const RequestStatus = {
  received: 'received',
  identity_verified: 'identity_verified',
  in_progress: 'in_progress',
  completed: 'completed',
  denied: 'denied',
} as const
/** @example const status: RequestStatus = 'in_progress' */
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus]

/**
 * The statuses each status may move to. Identity is verified before anything is done, work is
 * started before it is completed, and a request may be denied (with a reason) at any open step.
 *
 * @example NEXT_STATUSES.received // ['identity_verified', 'denied']
 */
export const NEXT_STATUSES: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  received: ['identity_verified', 'denied'],
  identity_verified: ['in_progress', 'denied'],
  in_progress: ['completed', 'denied'],
  completed: [],
  denied: [],
}

/**
 * Whether a request in `status` is closed (no transition and no extension leaves it).
 *
 * @example isClosed('denied') // true
 */
export function isClosed(status: RequestStatus): boolean {
  return NEXT_STATUSES[status].length === 0
}

/**
 * Whether `from` may move to `to`.
 *
 * @example canMove('received', 'completed') // false: identity first
 */
export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return NEXT_STATUSES[from].includes(to)
}
