import { spawn } from 'node:child_process'
import { ReleaseError, ReleaseErrorCode } from './errors.js'

/** What a finished child process printed and how it ended. */
export interface RunResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs a command without a shell and collects its output. Rejects only when the command cannot
 * start or outlives `timeoutMs`; a non-zero exit is returned for the caller to judge.
 *
 * @example
 * const { code, stdout } = await run('pnpm', ['pack', '--json'], { cwd: packageDir })
 */
export function run(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Without an env, spawn passes this process's environment on.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new ReleaseError(ReleaseErrorCode.COMMAND_FAILED, `${command} ${args.join(' ')} timed out after ${options.timeoutMs ?? 0} ms`))
    }, options.timeoutMs ?? 300_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new ReleaseError(ReleaseErrorCode.COMMAND_FAILED, `${command} could not start: ${error.message}`, { cause: error }))
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, stdout, stderr })
    })
  })
}

/**
 * {@link run}, failing with the command's output when it exits non-zero.
 *
 * @example
 * await runOrThrow('pnpm', ['publish', '--no-git-checks'], { cwd })
 */
export async function runOrThrow(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<RunResult> {
  const result = await run(command, args, options)
  if (result.code !== 0) {
    throw new ReleaseError(
      ReleaseErrorCode.COMMAND_FAILED,
      `${command} ${args.join(' ')} (in ${options.cwd}) exited ${result.code}\n${result.stdout}\n${result.stderr}`.trimEnd(),
    )
  }
  return result
}
