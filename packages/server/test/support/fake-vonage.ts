import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the fake received on /sms/json, as parsed. */
export interface FakeVonageRequest {
  readonly method: string
  readonly contentType: string
  /** How the credentials came: an `Authorization: Basic` header or `api_key`/`api_secret` parameters. */
  readonly auth: 'basic' | 'params' | 'none'
  readonly params: Readonly<Record<string, string>>
}

/** A Vonage SMS API look-alike on 127.0.0.1 (a free port), for tests of the real SDK's HTTP client. */
export interface FakeVonage {
  /** `http://127.0.0.1:<port>`: pass as the transport's `restHost`. */
  readonly url: string
  readonly requests: FakeVonageRequest[]
  /** Numbers (Vonage format, no `+`) the fake refuses with this status and error text. */
  readonly refuse: Map<string, { status: string; errorText: string }>
  close(): Promise<void>
}

/** GSM-7 characters outside ASCII (the rest of the basic set is ASCII). */
const GSM_EXTRA = '£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€'
const GSM_SINGLE = 160
const GSM_PART = 153
const UCS2_SINGLE = 70
const UCS2_PART = 67

/**
 * Starts a fake of Vonage's SMS API send endpoint (`POST /sms/json`, and GET with a query, as the
 * real one): JSON or form bodies; credentials by Basic auth or `api_key`/`api_secret`; the real
 * response shape (HTTP 200 with `message-count` and `messages[]` of `to`, `message-id`,
 * `status`, `remaining-balance`, `message-price`, `network`; a failed message has `status` and
 * `error-text`), split into parts as Vonage counts them (160/153 GSM-7, 70/67 Unicode).
 */
export async function startFakeVonage(credentials: { apiKey: string; apiSecret: string }): Promise<FakeVonage> {
  const requests: FakeVonageRequest[] = []
  const refuse = new Map<string, { status: string; errorText: string }>()
  let balance = 10

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      res.statusCode = 500
      res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/sms/json' || (req.method !== 'POST' && req.method !== 'GET')) {
      res.statusCode = 404
      res.end()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim()
    const params: Record<string, string> = Object.fromEntries(url.searchParams)
    if (raw !== '') {
      if (contentType === 'application/json') {
        for (const [k, v] of Object.entries(JSON.parse(raw) as Record<string, unknown>)) params[k] = String(v)
      } else {
        for (const [k, v] of new URLSearchParams(raw)) params[k] = v
      }
    }
    let auth: FakeVonageRequest['auth'] = 'none'
    let key = params.api_key
    let secret = params.api_secret
    const header = req.headers.authorization
    if (header?.startsWith('Basic ') === true) {
      const [k, s] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')
      key = k
      secret = s
      auth = 'basic'
    } else if (key !== undefined) {
      auth = 'params'
    }
    requests.push({ method: req.method, contentType, auth, params })

    const reply = (body: unknown): void => {
      const text = JSON.stringify(body)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
      res.end(text)
    }
    const failure = (status: string, errorText: string, to = params.to ?? ''): void =>
      reply({ 'message-count': '1', messages: [{ to, status, 'error-text': errorText }] })

    if (key !== credentials.apiKey || secret !== credentials.apiSecret) return failure('4', 'Bad Credentials')
    for (const field of ['from', 'to']) if (!params[field]) return failure('2', `Missing ${field} param`)
    const text = params.text ?? ''
    if (text === '') return failure('2', 'Missing text param')
    const refused = refuse.get(params.to!)
    if (refused) return failure(refused.status, refused.errorText)

    const unicode = params.type === 'unicode' || Array.from(text).some((ch) => ch.charCodeAt(0) > 0x7f && !GSM_EXTRA.includes(ch))
    const [single, part] = unicode ? [UCS2_SINGLE, UCS2_PART] : [GSM_SINGLE, GSM_PART]
    const parts = text.length <= single ? 1 : Math.ceil(text.length / part)
    const messages = Array.from({ length: parts }, () => {
      balance -= 0.0057
      return {
        to: params.to,
        'message-id': randomBytes(8).toString('hex').toUpperCase(),
        status: '0',
        'remaining-balance': balance.toFixed(8),
        'message-price': '0.00570000',
        network: '310260',
      }
    })
    reply({ 'message-count': String(parts), messages })
  }

  // Longer than any pause between a test's sends: the SDK's HTTP agent keeps connections alive,
  // and a socket the server closes while the client reuses it reads as ECONNRESET.
  server.keepAliveTimeout = 120_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refuse,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections()
      }),
  }
}
