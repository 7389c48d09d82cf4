/**
 * The database's tables, for kysely's types. Empty here: each feature adds its own tables by
 * module augmentation in its own file, so no feature edits another's types.
 *
 * @example
 * declare module '../storage/tables.js' {
 *   interface Tables { rights_requests: RightsRequestRow }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the augmentation point
export interface Tables {}
