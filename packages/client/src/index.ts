export { createConsentManager } from './consent-manager.js'
export type { ChoiceOptions, ChoiceSource, ConsentEndpoint, ConsentManager, ConsentManagerOptions, ConsentReceiptJson } from './consent-manager.js'
export { ConsentError, ConsentErrorCode, isConsentError } from './errors.js'
