import { Command, CommanderError } from 'commander'
import { ConfigError, loadConfig } from './config.js'
import { addAnnounceCommand } from './cli/announce-command.js'
import { CliError, ExitCode, type CliIo } from './cli/io.js'
import { policyCommand } from './cli/policy-commands.js'
import { serviceCommands, withService } from './cli/service-commands.js'

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr }

function applyToAll(command: Command, io: CliIo): void {
  command.exitOverride()
  command.configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
  command.showHelpAfterError('(add --help for usage)')
  for (const sub of command.commands) applyToAll(sub, io)
}

/**
 * Builds the `onmion-privacy` command tree.
 *
 * @example
 * await buildProgram(io).parseAsync(['node', 'onmion-privacy', 'policy', 'schema'])
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('onmion-privacy')
    .description("Onmion's privacy policy as code: the consent service and its operations.\n\nExit codes: 0 done; 1 invalid input or a failed verification (issues on stderr); 2 usage error.")
    .option('--json', 'print results as JSON (for scripts)')
  const json = (): boolean => program.opts<{ json?: boolean }>().json === true
  const policy = policyCommand(io, json)
  addAnnounceCommand(policy, io, json, () => loadConfig(), (settings, run) => withService(io, settings, { create: false }, run))
  program.addCommand(policy)
  for (const command of serviceCommands(io, json)) program.addCommand(command)
  applyToAll(program, io)
  return program
}

/**
 * Runs the CLI and resolves with its exit code (it never calls `process.exit`, so `serve`
 * can keep running and tests can call it in-process).
 *
 * @example
 * process.exitCode = await main(process.argv)
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync([...argv])
    return ExitCode.OK
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return ExitCode.OK
      return ExitCode.USAGE
    }
    if (error instanceof CliError) {
      io.stderr.write(`error: ${error.message}\n`)
      for (const issue of error.issues) io.stderr.write(`  ${issue}\n`)
      return error.exitCode
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`error: ${error.message}\n`)
      return ExitCode.USAGE
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
    return ExitCode.FAILURE
  }
}
