/** Where a command writes: stdout for results, stderr for issues and progress. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean }
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean }
}

/**
 * The CLI's exit codes, documented in the README: 0 done, 1 invalid input or a failed
 * verification (the issues are listed on stderr), 2 a usage error (unknown command or option,
 * missing argument).
 *
 * @example
 * return error instanceof CliError ? error.exitCode : ExitCode.FAILURE
 */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * A command failed in a way the user can act on: its message (and `issues`, one per line) go to
 * stderr and the CLI exits with `exitCode`.
 *
 * @example
 * throw new CliError('policy.json is not valid', ExitCode.FAILURE, ['meta.version: invalid semver'])
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  readonly code = 'CLI_FAILURE'
  readonly exitCode: ExitCode
  readonly issues: readonly string[]

  constructor(message: string, exitCode: ExitCode = ExitCode.FAILURE, issues: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options)
    this.exitCode = exitCode
    this.issues = issues
  }
}

/**
 * Writes a result: JSON (one document, for scripts) or the human-readable text.
 *
 * @example
 * output(io, json(), { valid: true }, 'policy.json: valid policy')
 */
export function output(io: CliIo, json: boolean, value: unknown, text: string): void {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`)
}
