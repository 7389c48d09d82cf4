import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { summarizePolicyChange, type Policy } from '@onmion/privacy-schema'
import type { ServiceConfig } from '../config.js'
import type { Service } from '../service.js'
import { CliError, ExitCode, output, type CliIo } from './io.js'
import { readPolicy } from './policy-commands.js'

type WithService = <T>(config: ServiceConfig, run: (service: Service) => Promise<T>) => Promise<T>

/** A version this deployment published, or a policy JSON file. */
async function resolvePolicy(service: Service, ref: string, option: string): Promise<Policy> {
  if (existsSync(ref)) return readPolicy(ref)
  const versions = await service.privacy.notices.policyVersions()
  const found = versions.find((v) => v.version === ref)
  if (found !== undefined) return found.policy
  throw new CliError(`${option} ${ref}: neither a policy file nor a version this deployment published`, ExitCode.FAILURE, [
    `published versions: ${versions.map((v) => v.version).join(', ') || 'none'}`,
  ])
}

/**
 * `onmion-privacy policy announce --from X --to Y`: emails the plain-language summary of a
 * material change to every subject with an email on file whose data the change touches, through
 * the SMTP transport, at most ANNOUNCE_RATE_PER_SECOND (or `--rate`) a second. Each announcement
 * is recorded in the subject's ledger chain (`notice.announced`), so a rerun sends nothing twice
 * and only retries the failures. X and Y are versions the deployment published or policy files.
 *
 * @example addAnnounceCommand(policy, io, json, config, (settings, run) => withService(io, settings, { create: false }, run))
 */
export function addAnnounceCommand(policy: Command, io: CliIo, json: () => boolean, config: () => ServiceConfig, withService: WithService): void {
  policy
    .command('announce')
    .description('email a material policy change to every subject with an email on file whose data it touches (once each; a rerun sends nothing twice)')
    .requiredOption('--from <version|file>', 'the previous policy: a published version or a policy JSON file')
    .requiredOption('--to <version|file>', 'the new policy: a published version or a policy JSON file')
    .option('--rate <perSecond>', 'emails per second (default ANNOUNCE_RATE_PER_SECOND, 5)')
    .action(async (options: { from: string; to: string; rate?: string }) => {
      const settings = config()
      const perSecond = options.rate === undefined ? settings.announceRatePerSecond : Number(options.rate)
      if (!Number.isFinite(perSecond) || perSecond <= 0) throw new CliError(`--rate ${options.rate ?? ''}: must be a positive number`, ExitCode.USAGE)
      await withService(settings, async (service) => {
        const mailer = service.mailer
        if (mailer === undefined) throw new CliError('no email transport: set SMTP_HOST (and SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASS, SMTP_FROM)', ExitCode.FAILURE)
        const from = await resolvePolicy(service, options.from, '--from')
        const to = await resolvePolicy(service, options.to, '--to')
        const summary = summarizePolicyChange(from, to)
        const subject = `Onmion's privacy policy changed (version ${to.meta.version})`
        const report = await service.privacy.notices.announce({
          from,
          to,
          perSecond,
          deliver: (recipient) =>
            mailer.send({
              to: recipient.email,
              subject,
              text: `${summary.text}\n\nYou receive this because the change concerns data we hold about you. The full policy: https://onmion.com/privacy`,
              html: `${summary.html}<p>You receive this because the change concerns data we hold about you. The full policy: <a href="https://onmion.com/privacy">onmion.com/privacy</a></p>`,
            }),
        })
        const text = report.material
          ? [
              `announced ${report.fromVersion} -> ${report.toVersion} (touches ${report.categories === 'all' ? 'every category' : report.categories.join(', ')})`,
              `sent ${report.sent}, already announced ${report.alreadyAnnounced}, not touched ${report.untouched}, failed ${report.failed.length} (of ${report.considered} with an email on file)`,
              ...report.failed.map((f) => `failed: ${f.subject}: ${f.message}`),
            ].join('\n')
          : `${report.fromVersion} -> ${report.toVersion} is not a material change: nothing announced`
        output(io, json(), report, text)
        if (report.failed.length > 0) throw new CliError(`${report.failed.length} announcement(s) failed; run the command again to retry them (nothing is sent twice)`, ExitCode.FAILURE)
      })
    })
}
