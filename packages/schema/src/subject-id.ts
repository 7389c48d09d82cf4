import { z } from 'zod'

/**
 * An opaque subject identifier (`u_42`, a browser's consent id `c_3Jx...`). Deliberately not an
 * email or a phone number: `@` and `+` are refused, so personal identifiers never become keys in
 * clear. Only parsing makes one (it is branded).
 *
 * @example const id = SubjectId.parse('u_42') // 'ann@example.com' is refused
 */
export const SubjectId = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/, 'must be an opaque id of 1-128 letters, digits, "_", ".", ":" or "-" (not an email or phone number)')
  .brand<'SubjectId'>()
export type SubjectId = z.infer<typeof SubjectId>
