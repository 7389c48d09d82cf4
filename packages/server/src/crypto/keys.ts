import { z } from 'zod'

const Key32 = z
  .string()
  .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')

/**
 * The keys protecting identifiers. `keys` maps a key id to a 32-byte AES-256 key (base64);
 * `current` is the one new writes use; older ids stay so old rows remain readable until
 * `ledger.reencrypt()` moves them. `hmacKey` (32 bytes, base64) makes lookups and
 * identifier-keyed subject ids: it never rotates, since every lookup depends on it.
 *
 * @example
 * const keys: PrivacyKeys = {
 *   current: '2026-11',
 *   keys: { '2026-05': process.env.KEY_2026_05!, '2026-11': process.env.KEY_2026_11! },
 *   hmacKey: process.env.PRIVACY_HMAC_KEY!,
 * }
 */
export const PrivacyKeys = z
  .object({
    current: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a key id of letters, digits, "_", "." or "-"'),
    keys: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a key id of letters, digits, "_", "." or "-"'), Key32),
    hmacKey: Key32,
  })
  .refine((k) => Object.hasOwn(k.keys, k.current), { message: 'must name one of the keys', path: ['current'] })
export type PrivacyKeys = z.infer<typeof PrivacyKeys>
