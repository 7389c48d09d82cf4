export { createConsentManager } from './consent-manager.js'
export type { ChoiceOptions, ChoiceSource, ConsentManager, ConsentManagerOptions } from './consent-manager.js'
export type { ConsentEndpoint, ConsentReceiptJson } from './endpoint.js'
export { ConsentError, ConsentErrorCode, isConsentError } from './errors.js'
