import { readFile } from 'node:fs/promises'
import { Command, Option } from 'commander'
import { onmionPolicy } from '@onmion/privacy-policy'
import { diffPolicies, isPolicyValidationError, parsePolicy, policyJsonSchema, renderPolicy, type Policy } from '@onmion/privacy-schema'
import { CliError, ExitCode, output, type CliIo } from './io.js'
import { policyExportCommand } from './policy-export.js'

/**
 * The policy inside the consent service's `GET /v1/policy` answer (`{ version, effectiveDate,
 * policy }`), so `curl …/v1/policy > policy.json` can be validated and diffed as saved; any other
 * text is returned as it is, for the validator to judge.
 */
function unwrapServiceAnswer(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return text
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { policy, version } = value as { policy?: unknown; version?: unknown }
    if (typeof policy === 'object' && policy !== null && typeof version === 'string' && !('meta' in value)) return policy
  }
  return value
}

/**
 * Reads and validates a policy file; every problem becomes a CLI failure listing the issues.
 *
 * @example const policy = await readPolicy('policy.json')
 */
export async function readPolicy(file: string): Promise<Policy> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.FAILURE, [], { cause: error })
  }
  try {
    return parsePolicy(unwrapServiceAnswer(text))
  } catch (error) {
    if (isPolicyValidationError(error)) {
      throw new CliError(
        `${file} is not a valid policy`,
        ExitCode.FAILURE,
        error.issues.map((issue) => `${file}: ${issue.path || '(root)'}: ${issue.message}`),
        { cause: error },
      )
    }
    throw error
  }
}

/**
 * `onmion-privacy policy ...`: validate, render, diff and describe policy documents.
 *
 * @example
 * program.addCommand(policyCommand(io, () => program.opts<{ json?: boolean }>().json === true))
 */
export function policyCommand(io: CliIo, json: () => boolean): Command {
  const policy = new Command('policy').description('validate, render, diff and describe privacy policy documents')

  policy
    .command('validate')
    .description('check a policy JSON document (or a saved GET /v1/policy answer): shape and cross-references; exit 1 listing every issue')
    .argument('<file>', 'the policy document (JSON)')
    .action(async (file: string) => {
      const parsed = await readPolicy(file)
      output(io, json(), { valid: true, file, version: parsed.meta.version }, `${file}: valid policy, version ${parsed.meta.version}`)
    })

  policy
    .command('render')
    .description("render a policy as a human-readable document (default: Onmion's policy)")
    .addOption(new Option('-f, --format <format>', 'output format').choices(['md', 'markdown', 'html']).default('md'))
    .option('-p, --policy <file>', 'render this policy document instead of Onmion’s')
    .action(async (options: { format: 'md' | 'markdown' | 'html'; policy?: string }) => {
      const source = options.policy === undefined ? onmionPolicy : await readPolicy(options.policy)
      const format = options.format === 'html' ? 'html' : 'markdown'
      const rendered = renderPolicy(source, { format })
      output(io, json(), { format, version: source.meta.version, document: rendered }, rendered)
    })

  policy
    .command('diff')
    .description('list the changes from policy <a> to policy <b>, whether they are material, and the version bump they need')
    .argument('<a>', 'the previous policy document (JSON)')
    .argument('<b>', 'the next policy document (JSON)')
    .action(async (a: string, b: string) => {
      const diff = diffPolicies(await readPolicy(a), await readPolicy(b))
      const lines = diff.changes.map((change) => `${change.material ? 'material' : 'non-material'} (${change.bump}) ${change.path}: ${change.description}`)
      const summary = diff.changes.length === 0 ? 'no changes' : `${diff.changes.length} change(s), ${diff.material ? 'material' : 'not material'}`
      output(io, json(), diff, [...lines, `${summary}; required bump: ${diff.bump}`].join('\n'))
    })

  policy
    .command('schema')
    .description('print the JSON Schema of a policy document')
    .action(() => {
      io.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`)
    })

  policy.addCommand(policyExportCommand(io, json))
  return policy
}
