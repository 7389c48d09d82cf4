import { z } from 'zod'

/**
 * The rule of a subject id as a plain pattern and message, for hot paths that check without zod
 * (the server's `check()`); {@link SubjectId} is built from them, so the rule lives here once.
 *
 * @example SUBJECT_ID_PATTERN.test('u_42') // true
 */
export const SUBJECT_ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/
/** @example throw new Error(`subject: ${SUBJECT_ID_MESSAGE}`) */
export const SUBJECT_ID_MESSAGE = 'must be an opaque id of 1-128 letters, digits, "_", ".", ":" or "-" (not an email or phone number)'

/**
 * An opaque subject identifier (`u_42`, a browser's consent id `c_3Jx...`). Deliberately not an
 * email or a phone number: `@` and `+` are refused, so personal identifiers never become keys in
 * clear. Only parsing makes one (it is branded).
 *
 * @example const id = SubjectId.parse('u_42') // 'ann@example.com' is refused
 */
export const SubjectId = z
  .string()
  .regex(SUBJECT_ID_PATTERN, SUBJECT_ID_MESSAGE)
  .brand<'SubjectId'>()
export type SubjectId = z.infer<typeof SubjectId>
