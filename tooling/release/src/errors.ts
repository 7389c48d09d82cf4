/**
 * Codes of the errors the release tooling throws.
 *
 * @example if (error instanceof ReleaseError && error.code === ReleaseErrorCode.SNAPSHOT_INVALID) rewriteSnapshot()
 */
export const ReleaseErrorCode = {
  /** No pnpm-workspace.yaml above the starting directory. */
  WORKSPACE_NOT_FOUND: 'WORKSPACE_NOT_FOUND',
  /** A package.json that cannot be read or lacks a field the release needs. */
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  /** The released-policy snapshot is missing or not a valid policy. */
  SNAPSHOT_INVALID: 'SNAPSHOT_INVALID',
  /** The policy source has no `meta.version` string literal to rewrite. */
  POLICY_SOURCE_UNSUPPORTED: 'POLICY_SOURCE_UNSUPPORTED',
  /** A child process (pnpm pack, attw) failed to run. */
  COMMAND_FAILED: 'COMMAND_FAILED',
} as const
export type ReleaseErrorCode = (typeof ReleaseErrorCode)[keyof typeof ReleaseErrorCode]

/**
 * A release step could not run (as opposed to a check that ran and found problems, which is
 * reported as data).
 *
 * @example
 * try { await listPublishablePackages(root) } catch (e) {
 *   if (e instanceof ReleaseError && e.code === ReleaseErrorCode.MANIFEST_INVALID) process.exitCode = 2
 * }
 */
export class ReleaseError extends Error {
  override readonly name = 'ReleaseError'
  readonly code: ReleaseErrorCode

  constructor(code: ReleaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
