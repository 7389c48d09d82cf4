/**
 * Every Google Consent Mode v2 signal, in one zod-free list: the `ConsentModeSignal` schema is
 * built from it, and the browser client maps cookie choices onto it (a signal no granted category
 * lists, such as the `ad_*` ones for Onmion, is sent as denied).
 *
 * @example
 * import { CONSENT_MODE_SIGNALS } from '@onmion/privacy-schema/browser'
 * const defaults = Object.fromEntries(CONSENT_MODE_SIGNALS.map((signal) => [signal, 'denied']))
 */
export const CONSENT_MODE_SIGNALS = Object.freeze([
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const)
