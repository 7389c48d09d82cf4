import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** One message the in-process SMTP server accepted: its envelope and raw text. */
export interface ReceivedMail {
  readonly from: string
  readonly to: readonly string[]
  readonly raw: string
}

/** A real SMTP server on loopback (smtp-server), keeping what it receives; AUTH with the given user. */
export interface TestSmtp {
  readonly port: number
  readonly user: string
  readonly pass: string
  readonly received: ReceivedMail[]
  /** The environment that points the service at this server. */
  env(): Record<string, string>
  close(): Promise<void>
}

/**
 * Starts an SMTP server in this process on a free port. Plain SMTP with AUTH PLAIN/LOGIN allowed
 * without TLS (loopback only), so the service's transport is exercised with its credentials.
 *
 * @example const smtp = await startSmtp(); ...; expect(smtp.received).toHaveLength(1)
 */
export async function startSmtp(): Promise<TestSmtp> {
  const user = 'onmion'
  const pass = 'smtp-test-pass'
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user })
      else callback(new Error('invalid credentials'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    user,
    pass,
    received,
    env: () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false', SMTP_USER: user, SMTP_PASS: pass, SMTP_FROM: 'Onmion Privacy <privacy@onmion.test>' }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * The 6-digit code of the last message sent to `address` (from its subject line).
 *
 * @example const code = codeFor(smtp, 'ann@example.com')
 */
export function codeFor(smtp: TestSmtp, address: string): string {
  const mail = smtp.received.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase())).at(-1)
  const code = mail === undefined ? undefined : /code: (\d{6})/.exec(mail.raw)?.[1]
  if (code === undefined) throw new Error(`no code was sent to ${address}`)
  return code
}
