import { join, relative } from 'node:path'
import { bumpSatisfies, diffPolicies, type Policy, type PolicyChange, type SemverBump } from '@onmion/privacy-schema'
import { effectiveDateWarning } from './effective-date.js'
import { readPendingBump } from './pending-bump.js'
import { RELEASED_POLICY_FILE, readReleasedPolicy } from './released-policy.js'
import { readManifest } from './workspace.js'

/**
 * The package that publishes Onmion's policy.
 *
 * @example await readPendingBump(root, POLICY_PACKAGE)
 */
export const POLICY_PACKAGE = '@onmion/privacy-policy'

/**
 * What the policy rule can find wrong.
 *
 * @example report.problems.some((p) => p.code === PolicyRuleProblem.VERSION_MISMATCH)
 */
export const PolicyRuleProblem = {
  /** `package.json` version and `meta.version` differ. */
  VERSION_MISMATCH: 'VERSION_MISMATCH',
  /** There is no released-policy snapshot to compare against. */
  SNAPSHOT_MISSING: 'SNAPSHOT_MISSING',
  /** The policy data changed and the pending changesets bump the package too little (or not at all). */
  BUMP_TOO_SMALL: 'BUMP_TOO_SMALL',
} as const
export type PolicyRuleProblem = (typeof PolicyRuleProblem)[keyof typeof PolicyRuleProblem]

/** Where to look: the workspace root and, inside it, the policy package. */
export interface PolicyRuleOptions {
  /** Workspace root: holds `.changeset/`. */
  readonly root: string
  /** The policy as the working tree defines it now. */
  readonly current: Policy
  /** The policy package directory; `packages/policy` under `root` by default. */
  readonly policyPackageDir?: string
}

/** The outcome of the policy rule: what was compared, and every problem found. */
export interface PolicyRuleReport {
  readonly ok: boolean
  readonly packageVersion: string
  readonly policyVersion: string
  /** `meta.version` of the snapshot; `undefined` when there is no snapshot. */
  readonly releasedVersion: string | undefined
  /** Changes from the snapshot to the current policy that need a release (bump other than `none`). */
  readonly changes: readonly PolicyChange[]
  /** The bump those changes require. */
  readonly requiredBump: SemverBump
  /** The bump the pending changesets give the policy package. */
  readonly pendingBump: SemverBump
  readonly pendingChangesets: readonly string[]
  readonly problems: readonly { readonly code: PolicyRuleProblem; readonly message: string }[]
  /** What a release manager should look at but that does not fail the rule (an unchanged effective date). */
  readonly warnings: readonly string[]
}

/**
 * The policy rule, checked in CI and before `pnpm version-packages`:
 *
 * 1. the policy package's version equals `meta.version` of the policy it exports;
 * 2. when the policy data differs from the released snapshot (`released/policy.json`), the
 *    pending changesets bump the policy package by at least what {@link diffPolicies} requires
 *    (material changes: major).
 *
 * @example
 * const report = await checkPolicyVersion({ root, current: onmionPolicy })
 * if (!report.ok) { console.error(formatPolicyRuleReport(report)); process.exitCode = 1 }
 */
export async function checkPolicyVersion(options: PolicyRuleOptions): Promise<PolicyRuleReport> {
  const policyPackageDir = options.policyPackageDir ?? join(options.root, 'packages', 'policy')
  const manifest = await readManifest(policyPackageDir)
  const released = await readReleasedPolicy(policyPackageDir)
  const pending = await readPendingBump(options.root, manifest.name)
  const problems: { code: PolicyRuleProblem; message: string }[] = []
  const policyVersion = options.current.meta.version

  if (manifest.version !== policyVersion) {
    problems.push({
      code: PolicyRuleProblem.VERSION_MISMATCH,
      message:
        `${manifest.name} is version ${manifest.version} but the policy it exports says meta.version ${policyVersion}. ` +
        'They must be equal: leave meta.version alone and let `pnpm version-packages` set it from the changesets.',
    })
  }

  const snapshotPath = relative(options.root, join(policyPackageDir, RELEASED_POLICY_FILE))
  let changes: PolicyChange[] = []
  let requiredBump: SemverBump = 'none'
  if (released === undefined) {
    problems.push({
      code: PolicyRuleProblem.SNAPSHOT_MISSING,
      message: `${snapshotPath} is missing, so there is no released policy to compare with. Write it with \`pnpm --filter @onmion/release sync-policy\` from the released state.`,
    })
  } else {
    const diff = diffPolicies(released, options.current)
    changes = diff.changes.filter((change) => change.bump !== 'none')
    requiredBump = diff.bump
    if (!bumpSatisfies(diff.bump, pending.bump)) {
      const unmet = changes.filter((change) => !bumpSatisfies(change.bump, pending.bump))
      const declared =
        pending.bump === 'none'
          ? 'no pending changeset bumps it'
          : `the pending changesets (${pending.changesets.map((id) => `.changeset/${id}.md`).join(', ')}) bump it only ${pending.bump}`
      problems.push({
        code: PolicyRuleProblem.BUMP_TOO_SMALL,
        message:
          `the policy data changed since the released policy (${snapshotPath}, version ${released.meta.version}) and needs a ${diff.bump} release of ${manifest.name}, but ${declared}.\n` +
          `Changes that need more than ${pending.bump}:\n` +
          unmet.map((change) => `  ${describeChange(change)}`).join('\n') +
          `\nAdd a changeset (\`pnpm changeset\`) giving ${manifest.name} a ${diff.bump} bump, or raise the bump in the existing one.`,
      })
    }
  }

  return {
    ok: problems.length === 0,
    packageVersion: manifest.version,
    policyVersion,
    releasedVersion: released?.meta.version,
    changes,
    requiredBump,
    pendingBump: pending.bump,
    pendingChangesets: pending.changesets,
    problems,
    warnings: [effectiveDateWarning(released, options.current)].filter((warning) => warning !== undefined),
  }
}

function describeChange(change: PolicyChange): string {
  return `${change.bump}${change.material ? ' (material)' : ''}: ${change.path}: ${change.description}`
}

/**
 * The report as text for a terminal: what was compared, each change with the bump it needs,
 * and each problem.
 *
 * @example
 * console.log(formatPolicyRuleReport(await checkPolicyVersion({ root, current })))
 */
export function formatPolicyRuleReport(report: PolicyRuleReport): string {
  const lines = [
    `policy rule: package ${report.packageVersion}, meta.version ${report.policyVersion}, released snapshot ${report.releasedVersion ?? '(none)'}`,
    report.changes.length === 0
      ? 'policy data: unchanged since the released snapshot'
      : `policy data: ${report.changes.length} change(s) since the released snapshot, requiring ${report.requiredBump}; pending changesets give ${report.pendingBump}`,
    ...report.changes.map((change) => `  ${describeChange(change)}`),
  ]
  lines.push(...report.warnings.map((warning) => `warning: ${warning}`))
  if (report.ok) lines.push('policy rule: OK')
  else lines.push(...report.problems.map((problem) => `FAIL [${problem.code}] ${problem.message}`))
  return lines.join('\n')
}
