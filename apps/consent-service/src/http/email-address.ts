import { z } from 'zod'

// RFC 5321/5322 as mail servers enforce them: a dot-atom before the @ (at most 64 characters), a
// host name of letters, digits and inner hyphens, a letter top-level domain, 254 characters in
// all. zod's own email check lets a label end with a hyphen, which SMTP servers refuse: the
// request would then fail at sending, after it was accepted.
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})*\\.[A-Za-z]{2,63}$`)

/**
 * An email address a mail server will take.
 *
 * @example EmailAddress.parse('ann@example.com')
 */
export const EmailAddress = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .regex(ADDRESS, 'must be an email address (name@example.com)')
  .refine((address) => address.indexOf('@') <= 64, 'its part before the @ must be at most 64 characters')
export type EmailAddress = z.infer<typeof EmailAddress>
