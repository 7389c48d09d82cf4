import { readFile } from 'node:fs/promises'
import { isPrivacyError, type CheckpointVerifyReport } from '@onmion/privacy-server'
import type { Command } from 'commander'
import { CheckpointKeeper } from '../checkpoint-keeper.js'
import type { ServiceConfig } from '../config.js'
import type { Service } from '../service.js'
import { CliError, ExitCode, output, type CliIo } from './io.js'

type WithService = <T>(config: ServiceConfig, run: (service: Service) => Promise<T>) => Promise<T>

async function readCheckpointFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new CliError(`--checkpoint: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.USAGE, [], { cause: error })
  }
}

/**
 * The ledger's proof commands, added to `onmion-privacy ledger`: `checkpoint`, `prove`,
 * and `verifyWithCheckpoint` for `ledger verify --checkpoint FILE`.
 *
 * @example
 * addProofCommands(ledger, io, json, config, withService)
 */
export function addProofCommands(ledger: Command, io: CliIo, json: () => boolean, config: () => ServiceConfig, withService: WithService): void {
  ledger
    .command('checkpoint')
    .description('sign a checkpoint of the ledger (ONMION_PRIVACY_CHECKPOINT_KEY) and print it, or write it to a directory')
    .option('--out <dir>', 'write checkpoint-<size>.txt and latest.txt there (default: CHECKPOINT_DIR, else print only)')
    .action(async (options: { out?: string }) => {
      const settings = config()
      await withService(settings, async (service) => {
        const dir = options.out ?? settings.checkpoints.dir
        const checkpoint = await new CheckpointKeeper(service.privacy, { dir }).take().catch(configurationFailure)
        output(io, json(), checkpoint, checkpoint.note.trimEnd())
      })
    })
  ledger
    .command('prove')
    .description('print an inclusion proof of one event (check it with @onmion/privacy-proof)')
    .argument('<eventId>', 'the event id')
    .option('--checkpoint <file>', 'prove against this checkpoint (default: a new one)')
    .action(async (eventId: string, options: { checkpoint?: string }) => {
      const checkpoint = options.checkpoint === undefined ? undefined : await readCheckpointFile(options.checkpoint)
      await withService(config(), async (service) => {
        const proof = await service.privacy.ledger.prove(eventId, checkpoint === undefined ? {} : { checkpoint }).catch(configurationFailure)
        output(io, true, proof, '')
      })
    })
}

/**
 * `ledger verify --checkpoint FILE`: the whole ledger against a checkpoint; exit 1 naming each problem.
 *
 * @example
 * await verifyWithCheckpoint(io, json(), service, 'checkpoints/latest.txt')
 */
export async function verifyWithCheckpoint(io: CliIo, asJson: boolean, service: Service, file: string): Promise<void> {
  const note = await readCheckpointFile(file)
  const report: CheckpointVerifyReport = await service.privacy.ledger.verify({ checkpoint: note })
  if (report.ok) {
    output(io, asJson, report, `ledger verified against checkpoint ${report.checkpoint.treeSize} (${report.checkpoint.time}): today's ${report.treeSize} events extend it, every chain intact`)
    return
  }
  if (asJson) output(io, true, report, '')
  const kinds = [...new Set(report.problems.map((p) => p.problem))]
  throw new CliError(`ledger does not hold against the checkpoint: ${kinds.join(', ')}`, ExitCode.FAILURE, report.problems.slice(0, 20).map((p) => `${p.problem}: ${p.message}`))
}

function configurationFailure(error: unknown): never {
  if (isPrivacyError(error) && ['CONFIGURATION', 'NOT_FOUND', 'INVALID_INPUT'].includes(error.code)) throw new CliError(error.message, ExitCode.FAILURE, [], { cause: error })
  throw error
}
