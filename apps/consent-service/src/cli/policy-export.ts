import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Command, Option } from 'commander'
import { onmionPolicy } from '@onmion/privacy-policy'
import { onmionFideslangMapping } from '@onmion/privacy-policy/fideslang'
import { toFideslang } from '@onmion/privacy-schema'
import { CliError, ExitCode, output, type CliIo } from './io.js'

/** The files `policy export --format fideslang --out <dir>` writes. */
export const FIDESLANG_FILES = { taxonomy: 'onmion-taxonomy.yml', system: 'onmion-system.yml' } as const

/**
 * `onmion-privacy policy export --format fideslang [--out <dir>]`: Onmion's policy as Fides
 * resources (fideslang 3.1), from the reviewed mapping of `@onmion/privacy-policy/fideslang`:
 * a taxonomy manifest (the policy's categories and purposes as extension keys under fideslang's
 * default ones) and a system manifest (the services and each recipient, a privacy declaration
 * per purpose). With `--out`, two files a Fides user loads with `fides push <dir>` (JSON, which
 * is YAML 1.2); without, one JSON document `{ taxonomy, system }` on stdout.
 *
 * @example policy.addCommand(policyExportCommand(io, json))
 */
export function policyExportCommand(io: CliIo, json: () => boolean): Command {
  return new Command('export')
    .description("export Onmion's policy for another tool: fideslang (Fides taxonomy and system manifests)")
    .addOption(new Option('-f, --format <format>', 'the format').choices(['fideslang']).makeOptionMandatory())
    .option('-o, --out <dir>', 'write the manifests into this directory instead of printing them')
    .action(async (options: { format: 'fideslang'; out?: string }) => {
      const exported = toFideslang(onmionPolicy, onmionFideslangMapping)
      if (options.out === undefined) {
        io.stdout.write(`${JSON.stringify(exported, null, 2)}\n`)
        return
      }
      const dir = options.out
      try {
        await mkdir(dir, { recursive: true })
        const taxonomy = join(dir, FIDESLANG_FILES.taxonomy)
        const system = join(dir, FIDESLANG_FILES.system)
        await writeFile(taxonomy, `${JSON.stringify(exported.taxonomy, null, 2)}\n`)
        await writeFile(system, `${JSON.stringify(exported.system, null, 2)}\n`)
        output(io, json(), { format: 'fideslang', files: [taxonomy, system] }, `wrote ${taxonomy} and ${system} (fideslang 3.1; load them with \`fides push ${dir}\`)`)
      } catch (error) {
        throw new CliError(`cannot write to ${dir}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.FAILURE, [], { cause: error })
      }
    })
}
