export { createRetention } from './retention.js'
export type { PlannedKind, PlannedRule, RecordKind, Retention, RetentionAuditEntry, RetentionPlan, SweepOptions, SweepProgress, SweepReport } from './retention.js'
export { retentionMigrations } from './migrations.js'
