import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** A real SMTP server on loopback (smtp-server) that keeps every message it accepts. */
export interface TestSmtp {
  readonly received: { readonly to: readonly string[]; readonly raw: string }[]
  /** The consent service's environment pointing at this server. */
  env(): Record<string, string>
  close(): Promise<void>
}

/**
 * Starts the SMTP server in this process, plain SMTP on a free loopback port.
 *
 * @example const smtp = await startSmtp(); ...; smtp.received.at(-1)?.raw
 */
export async function startSmtp(): Promise<TestSmtp> {
  const received: { to: string[]; raw: string }[] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks).toString('utf8') })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    received,
    env: () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false', SMTP_FROM: 'privacy@onmion.test' }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
