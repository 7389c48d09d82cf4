// The model
export { E164Phone, EntityId, IsoDate, IsoDuration, SemVer, Text, OperationalDefaults } from './model/primitives.js'
export { INPUT_LIMITS, RESERVED_KEYS, findUnsafeInput, unstorableText } from './model/safe-input.js'
export type { UnsafeInput } from './model/safe-input.js'
export { TIMESTAMP_RANGE, Timestamp, TimestampDate, timestampProblem } from './model/timestamp.js'
export { DataCategory, DataSource, Sensitivity } from './model/data-category.js'
export { LegalBasis, Purpose } from './model/purpose.js'
export { Recipient, RecipientKind } from './model/recipient.js'
export { Channels, EmailChannel, EnrollmentMethod, SmsChannel, SmsKeywords, SmsTexts } from './model/channel.js'
export { ConsentModeSignal, CookieBrowserSettings, CookieCategory, Cookies, DeclaredCookie, Hostname } from './model/cookie.js'
export { CONSENT_MODE_SIGNALS } from './consent-mode-signals.js'
export { RetentionRule } from './model/retention-rule.js'
export { Right, RightType, Rights } from './model/rights.js'
export { Children } from './model/children.js'
export { Signals } from './model/signals.js'
export { Security, SecurityControl } from './model/security.js'
export { Meta } from './model/meta.js'
export { ClockPeriod, ClockUnit, HolidayCalendar, JurisdictionCode, LegalSource, RequestKind, ResponseClock, ResponseClocks } from './model/response-clock.js'
export { Policy, byId, definePolicy, parsePolicy } from './policy.js'
export { definePolicyData } from './policy-data.js'
export type {
  CookieCategoryId,
  DataCategoryId,
  PolicyDefinition,
  PolicyInput,
  PurposeId,
  RecipientId,
  RetentionRuleId,
  RightId,
  TypedPolicy,
} from './policy.js'
export { PolicyValidationError, SchemaErrorCode, isPolicyValidationError } from './errors.js'
export type { PolicyIssue } from './errors.js'

export { SUBJECT_ID_MESSAGE, SUBJECT_ID_PATTERN, SubjectId } from './subject-id.js'
export { ConsentCookie } from './consent-cookie.js'
export { consentCookieName, decodeConsentCookie, encodeConsentCookie, isMaterialVersionChange } from './consent-cookie-codec.js'

// Decisions
export { AgeStatus, EMPTY_SUBJECT_STATE, SubjectState } from './subject-state.js'
export { decide } from './decide.js'
export { DecisionReason } from './decision.js'
export { compileSubjectState } from './decision-table.js'
export type { CompiledSubjectState } from './decision-table.js'
export type { Decision, DecisionRequest } from './decision.js'
export { SharingReason, decideSharing } from './sharing.js'
export type { SharingDecision, SharingRequest } from './sharing.js'

// Retention arithmetic
export {
  addDuration,
  compareDurations,
  isPastRetention,
  isUnderMinimum,
  minimumUntil,
  parseDuration,
  retentionDeadline,
} from './duration.js'
export type { DurationParts } from './duration.js'

// Legal clocks for rights requests
export { LEGAL_CLOCKS } from './legal-clocks.js'
export { addClockPeriod, clockApplies, requestDueDates } from './response-deadline.js'
export type { DueCandidate, DueDateInput, RequestDueDates } from './response-deadline.js'

// Interop: fideslang (Fides)
export {
  FIDESLANG_DEFAULT_KEYS,
  FidesDataCategoryKey,
  FidesDataFlow,
  FidesDataSubjectKey,
  FidesDataUseKey,
  FidesKey,
  FidesLegalBasis,
  FidesManifest,
  FidesPrivacyDeclaration,
  FidesSystem,
  FidesTaxonomyKey,
  FideslangExport,
} from './fideslang/model.js'
export { FideslangMapping } from './fideslang/mapping.js'
export { toFideslang } from './fideslang/export.js'

// Change, rendering, JSON Schema
export { CHANGE_RULES, SemverBump, bumpSatisfies, diffPolicies } from './diff.js'
export type { PolicyChange, PolicyChangeKind, PolicyDiff } from './diff.js'
export { renderPolicy } from './render/index.js'
export { renderDataFlowSvg } from './render/data-flow-svg.js'
export type { RenderFormat, RenderOptions } from './render/index.js'
export { summarizePolicyChange } from './render/change-summary.js'
export type { ChangeSummary, ChangeSummaryItem } from './render/change-summary.js'
export { policyJsonSchema } from './json-schema.js'
export { gpcWellKnown } from './gpc-well-known.js'
export type { GpcWellKnown } from './gpc-well-known.js'
