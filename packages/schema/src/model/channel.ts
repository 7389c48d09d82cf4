import { z } from 'zod'
import { E164Phone, EntityId, Text } from './primitives.js'

/**
 * A way a person enrolls in SMS (seed section 4).
 *
 * @example EnrollmentMethod.parse({ id: 'text_first', name: 'Texting us first', description: 'You text us first.', enrollsOnFirstInbound: true })
 */
export const EnrollmentMethod = z.strictObject({
  id: EntityId,
  name: Text,
  description: Text,
  /** True for "when you text us first": a first inbound text enrolls the sender. */
  enrollsOnFirstInbound: z.boolean().default(false),
})
export type EnrollmentMethod = z.infer<typeof EnrollmentMethod>

const Keyword = z.string().trim().min(1).max(32).regex(/^[\p{L}\p{N} -]+$/u, 'must be letters, digits, spaces or "-"')

/**
 * Keyword lists, matched case-insensitively by the SMS classifier.
 *
 * @example SmsKeywords.parse({ optOut: ['STOP'], optIn: ['START'], help: ['HELP'] })
 */
export const SmsKeywords = z.strictObject({
  optOut: z.array(Keyword).min(1),
  optIn: z.array(Keyword).min(1),
  help: z.array(Keyword).min(1),
})
export type SmsKeywords = z.infer<typeof SmsKeywords>

/**
 * The texts the program sends in reply.
 *
 * @example reply(policy.channels.sms.texts.help) // the answer to HELP
 */
export const SmsTexts = z.strictObject({
  help: Text,
  optOutConfirmation: Text,
  optInConfirmation: Text,
})
export type SmsTexts = z.infer<typeof SmsTexts>

/**
 * The SMS program: enrollment, keywords, replies and disclosures.
 *
 * @example const { supportEmail, supportPhone } = SmsChannel.parse(policy.channels.sms)
 */
export const SmsChannel = z.strictObject({
  programName: Text,
  /** Purpose SMS messages are sent for; an opt-out withdraws consent to it. */
  purpose: EntityId,
  /** Recipient that delivers the messages. */
  provider: EntityId,
  enrollmentMethods: z.array(EnrollmentMethod).min(1),
  keywords: SmsKeywords,
  texts: SmsTexts,
  frequency: Text,
  rates: Text,
  carrierDisclaimer: Text,
  supportEmail: z.email(),
  supportPhone: E164Phone,
})
export type SmsChannel = z.infer<typeof SmsChannel>

/**
 * Email used for transactional messages.
 *
 * @example EmailChannel.parse({ purpose: 'transactional_email', description: 'Work-order notifications.' })
 */
export const EmailChannel = z.strictObject({
  purpose: EntityId,
  description: Text,
})
export type EmailChannel = z.infer<typeof EmailChannel>

/**
 * The channels the policy covers.
 *
 * @example policy.channels.sms.keywords.optOut // ['STOP', 'STOPALL', ...]
 */
export const Channels = z.strictObject({
  sms: SmsChannel,
  email: EmailChannel,
})
export type Channels = z.infer<typeof Channels>
