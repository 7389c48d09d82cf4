// The SDK
export { createPrivacy } from './privacy.js'
export type { Privacy, PrivacyCore, PrivacyOptions } from './privacy.js'
export type { PrivacyContext } from './context.js'
export type { CheckInput } from './check/check.js'
export type { ShareDecision, ShareInput } from './sharing.js'

// Errors
export { PrivacyError, PrivacyErrorCode, ProcessingDeniedError, isPrivacyError } from './errors.js'
export type { PrivacyErrorOptions } from './errors.js'

// The ledger
export { EXTRA_SMS_METHODS, EventInput, EventMethod, Evidence, LedgerEventType, PhoneNumber } from './ledger/events.js'
export type { EventCommon, EventPayload, LedgerEvent, RecordInput, RecordedEvent, RedactedEvent, StoredEventFields } from './ledger/events.js'
export type { BrokenLink, Ledger, ReencryptReport, SmsState, SubjectPrivacyState, VerifyReport } from './ledger/ledger-types.js'
export type { PrivacyEventRow, PrivacySubjectHeadRow } from './ledger/tables.js'
export { GENESIS_HASH, canonicalJson, chainHash, contentHashOf, personalHashOf, sha256Hex } from './ledger/canonical.js'
export type { HashedContent, PersonalContent } from './ledger/canonical.js'
export { INVALIDATION_CHANNEL } from './ledger/ledger.js'
export { EMPTY_PRIVACY_STATE, projectState } from './ledger/projection.js'
export { MAX_EVIDENCE_BYTES, MAX_FUTURE_SKEW_MS } from './ledger/validate.js'

// Consistency tokens (read-after-write across instances)
export { mergeConsistencyTokens } from './ledger/consistency.js'
export type { AppendedEvent, ConsistencyOptions, ConsistencyToken } from './ledger/consistency.js'

// Identifiers
export { PrivacyKeys } from './crypto/keys.js'
export { createVault } from './crypto/vault.js'
export type { IdentifierKind, IdentifierVault, SealedIdentifier } from './crypto/vault.js'

// Storage
export { migrate } from './storage/migrations.js'
export type { Migration } from './storage/migrations.js'
export { openDatabase } from './storage/database.js'
export type { Backend, Database, OpenDatabaseOptions } from './storage/database.js'
export type { Tables } from './storage/tables.js'

// Middleware
export { createRequestPrivacy } from './middleware/request-privacy.js'
export type { PrivacySignals, RequestCheckInput, RequestPrivacy, SubjectResolver } from './middleware/request-privacy.js'
export { honoPrivacy } from './middleware/hono.js'
export type { HonoPrivacyOptions, PrivacyEnv } from './middleware/hono.js'
export { expressPrivacy } from './middleware/express.js'
export type { ExpressPrivacyOptions, PrivacyRequest } from './middleware/express.js'

// Rights requests
export {
  ALL_JURISDICTIONS,
  DeadlineLaws,
  EXPORT_FORMAT,
  NEXT_STATUSES,
  NO_HOLDS,
  OpenRequestInput,
  RequestStatus,
  buildExportBundle,
  canMove,
  createRights,
  dueDate,
  erasureVerdict,
  extensionLimit,
  isClosed,
  rightsMigrations,
} from './rights/index.js'
export type {
  ActiveHolds,
  DeadlineRule,
  DueDate,
  ErasureReport,
  ErasureVerdict,
  ExportBundle,
  ExportManifest,
  FulfilOptions,
  FulfilResult,
  Jurisdiction,
  KeptReason,
  KeptRecords,
  ListRequestsFilter,
  ManifestCategory,
  ManifestRetention,
  ManifestSource,
  RequestHistoryEntry,
  Rights,
  RightsHistoryRow,
  RightsRequest,
  RightsRequestRow,
  SourceErasure,
  SourceExport,
  TransitionInput,
} from './rights/index.js'

// Retention
export { CLOCK_TOLERANCE_MS, LEDGER_RULES, LEDGER_SOURCE_ID, PlaceHoldInput, createRetention, minimumCutoff, retentionMigrations, subtractDuration, sweepCutoff } from './retention/index.js'
export type {
  DataSource,
  ErasureGuard,
  LegalHold,
  LegalHoldRow,
  LegalHolds,
  PlannedKind,
  PlannedRule,
  RecordKind,
  Retention,
  RetentionAuditEntry,
  RetentionAuditRow,
  RetentionPlan,
  RetentionRunRow,
  RetentionScope,
  RuleSet,
  SweepOptions,
  SweepProgress,
  SweepReport,
} from './retention/index.js'

// SMS
export { MAX_ANALYSED_LENGTH, classifySms } from './sms/classify.js'
export type { SmsClassification, SmsKeywordSource, SmsKind, SmsRule } from './sms/classify.js'
export { InboundSms, OutboundSms, createSms } from './sms/index.js'
export type { InboundResult, Sms, SmsOptions, SmsReply } from './sms/index.js'
export { smsMigrations } from './sms/migrations.js'
export type { SmsInboundRow, SmsOutboundRow } from './sms/tables.js'
export { normalizePhone } from './sms/phone.js'
export { foldSmsStatus } from './sms/sms-status.js'
export type { SmsEffect, SmsEntry, SmsFold, SmsStatus } from './sms/sms-status.js'
export type { SendDecision, SendReason, SmsSendKind } from './sms/send-decision.js'
export { SmsRefusedError } from './sms/sms-refused-error.js'
export { SmsTransportError } from './sms/transport.js'
export type { SmsMessage, SmsTransport } from './sms/transport.js'
export { createVonageTransport } from './sms/vonage-transport.js'
export type { VonageTransportOptions } from './sms/vonage-transport.js'
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, VONAGE_SIGNATURE_METHODS, signVonageParams, verifyVonageSignature } from './sms/vonage-signature.js'
export type { VonageSignatureMethod, VonageSignatureOptions, VonageWebhookParams } from './sms/vonage-signature.js'
export { verifyVonageMessagesJwt } from './sms/vonage-jwt.js'
export type { VonageJwtClaims, VonageJwtOptions } from './sms/vonage-jwt.js'
export type { WebhookRejection, WebhookVerification } from './sms/webhook-verification.js'
export { fromVonageMessagesWebhook, fromVonageSmsWebhook } from './sms/vonage-inbound.js'
