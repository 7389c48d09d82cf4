import nodemailer from 'nodemailer'
import type { ServiceConfig } from '../config.js'

/**
 * One email: the recipient, the subject line, and the body as plain text and HTML.
 *
 * @example const message: MailMessage = { to: 'ann@example.com', subject: 'Your code', text: '123456', html: '<p>123456</p>' }
 */
export interface MailMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string
}

/**
 * Sends email. `send` resolves once the SMTP server accepted the message, and rejects with its
 * reason otherwise.
 *
 * @example await mailer.send({ to, subject: 'Your code', text })
 */
export interface MailTransport {
  send(message: MailMessage): Promise<void>
  close(): void
}

/**
 * The SMTP transport configured by `SMTP_HOST`, `SMTP_PORT`, `SMTP_SECURE`, `SMTP_USER`,
 * `SMTP_PASS` and `SMTP_FROM` (nodemailer), or `undefined` without a host: the service then sends
 * no email and says so where one is needed.
 *
 * @example
 * const mailer = createMailTransport(loadConfig().smtp)
 * await mailer?.send({ to: 'ann@example.com', subject: 'Hello', text: 'Hello' })
 */
export function createMailTransport(smtp: ServiceConfig['smtp']): MailTransport | undefined {
  if (smtp.host === undefined) return undefined
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.pass ?? '' } }),
    // Codes must not wait on a slow server for long: the person is looking at the page.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  })
  return {
    async send(message) {
      await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text, ...(message.html === undefined ? {} : { html: message.html }) })
    },
    close: () => transport.close(),
  }
}
