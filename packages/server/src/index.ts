// The root entry: what the README and docs/ document, and their types. The optional parts have
// entries of their own: `@onmion/privacy-server/vonage`, `/hono` and `/express`.

// The SDK
export { createPrivacy } from './privacy.js'
export type { Privacy, PrivacyCore, PrivacyOptions } from './privacy.js'
export type { PrivacyContext } from './context.js'
export type { CheckInput } from './check/check.js'
export type { ShareDecision, ShareInput } from './sharing.js'
export { MAX_FUTURE_SKEW_MS } from './clock.js'

// Errors
export { PrivacyError, PrivacyErrorCode, ProcessingDeniedError, isPrivacyError } from './errors.js'
export type { PrivacyErrorOptions } from './errors.js'
export { isStorageUnavailable } from './storage/storage-error.js'

// The ledger
export { EventInput, LedgerEventType } from './ledger/events.js'
export type { EventCommon, EventPayload, Evidence, LedgerEvent, RecordInput, RecordedEvent, RedactedEvent, StoredEventFields } from './ledger/events.js'
export type { BrokenLink, Ledger, ReencryptReport, SmsState, SubjectPrivacyState, VerifyReport } from './ledger/ledger-types.js'
export { MAX_EVIDENCE_BYTES } from './ledger/validate.js'
export type { RecordOptions } from './ledger/ledger.js'

// Ledger proofs: the Merkle log, signed checkpoints, inclusion proofs
export { CheckpointKey, DEFAULT_ORIGIN, MAX_PROBLEMS, generateCheckpointKey } from './proof/index.js'
export type { CheckpointOptions, CheckpointVerifyReport, LedgerProofs, LedgerVerify, LogProblem, LogProblemKind, ReceiptOptions, SignedCheckpoint } from './proof/index.js'

// Consistency tokens (read-after-write across instances)
export { mergeConsistencyTokens } from './ledger/consistency.js'
export type { AppendedEvent, ConsistencyOptions, ConsistencyToken } from './ledger/consistency.js'

// Identifiers and storage
export { PrivacyKeys } from './crypto/keys.js'
export { generatePrivacyKeys } from './crypto/generate-keys.js'
export type { IdentifierKind, IdentifierVault } from './crypto/vault.js'
export { migrate } from './storage/migrations.js'
export type { Migration } from './storage/migrations.js'
export { openDatabase } from './storage/database.js'
export type { Backend, Database, OpenDatabaseOptions } from './storage/database.js'
export type { Tables } from './storage/tables.js'

// Records: data sources and legal holds (docs/rights.md, docs/retention.md)
export { LEDGER_SOURCE_ID, PlaceHoldInput } from './records/index.js'
export type { DataSource, ErasureGuard, KeptReason, LegalHold, LegalHolds, RetentionScope } from './records/index.js'

// Rights requests (docs/rights.md)
export { EXPORT_FORMAT, NO_DATA_ANSWER, OpenRequestInput, RequestChannel, RequestStatus } from './rights/index.js'
export type {
  DeadlineRule,
  ErasureReport,
  ExportBundle,
  ExportManifest,
  FulfilOptions,
  FulfilResult,
  Jurisdiction,
  KeptRecords,
  ListRequestsFilter,
  ManifestCategory,
  ManifestRetention,
  ManifestSource,
  RequestHistoryEntry,
  Rights,
  RightsOptions,
  RightsRequest,
  SourceErasure,
  TransitionInput,
} from './rights/index.js'

// Notices: emails on file, published policy versions, change announcements (docs/notices.md)
export { CONTACTS_SOURCE_ID, touchedCategories } from './notices/index.js'
export type { AnnounceInput, AnnounceReport, AnnouncementRecipient, Notices, PublishedPolicy } from './notices/index.js'

// Retention (docs/retention.md)
export type { PlannedKind, PlannedRule, RecordKind, Retention, RetentionAuditEntry, RetentionPlan, SweepOptions, SweepProgress, SweepReport } from './retention/index.js'

// SMS (docs/sms.md)
export { InboundSms, OutboundSms, SmsRefusedError, SmsTransportError, classifySms } from './sms/index.js'
export type {
  InboundResult,
  SendDecision,
  SendReason,
  Sms,
  SmsClassification,
  SmsKind,
  SmsMessage,
  SmsOptions,
  SmsReply,
  SmsRule,
  SmsSendKind,
  SmsStatus,
  SmsTransport,
} from './sms/index.js'
