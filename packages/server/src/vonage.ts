// `@onmion/privacy-server/vonage`: Vonage's SMS transport, webhook verification (SMS API
// signatures, Messages API JWTs) and the mapping of a verified webhook to `privacy.sms.handleInbound`.
// An entry of its own, so an app without Vonage never loads `@vonage/sms`.
export { createVonageTransport } from './sms/vonage-transport.js'
export type { VonageTransportOptions } from './sms/vonage-transport.js'
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, VONAGE_SIGNATURE_METHODS, signVonageParams, verifyVonageSignature } from './sms/vonage-signature.js'
export type { VonageSignatureMethod, VonageSignatureOptions, VonageWebhookParams } from './sms/vonage-signature.js'
export { verifyVonageMessagesJwt } from './sms/vonage-jwt.js'
export type { VonageJwtClaims, VonageJwtOptions } from './sms/vonage-jwt.js'
export type { WebhookRejection, WebhookVerification } from './sms/webhook-verification.js'
export { fromVonageMessagesWebhook, fromVonageSmsWebhook } from './sms/vonage-inbound.js'
