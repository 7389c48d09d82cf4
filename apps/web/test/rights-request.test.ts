import { mkdtemp, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { addDuration } from '@onmion/privacy-schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RESULTS, usePage } from './browser.js'
import { startConsentService } from './consent-service-process.js'
import { buildSite } from './global-setup.js'
import { startSmtp, type TestSmtp } from './smtp.js'
import { serveStatic } from './static-server.js'

// The request page against the real consent service (from source, PGlite in a temp dir) and a
// real SMTP server in this process: the code the person types is the one that was emailed.
let dir: string
let site: { url: string; server: Server } | undefined
let stopService: (() => Promise<void>) | undefined
let serviceUrl: string
let adminKey: string
let smtp: TestSmtp | undefined

async function api(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(serviceUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(response.ok, `${path}: ${String(response.status)}`).toBe(true)
  return (await response.json()) as Record<string, unknown>
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onmion-web-rights-'))
  smtp = await startSmtp()
  site = await serveStatic(join(dir, 'site'))
  ;({ url: serviceUrl, admin: adminKey } = await startConsentService(join(dir, 'data'), { ...smtp.env(), CONSENT_ALLOWED_ORIGINS: site.url }, (stop) => (stopService = stop)))
  await buildSite(join(dir, 'site'), { VITE_CONSENT_ENDPOINT: serviceUrl, VITE_PUBLISHABLE_KEY: '' })
  // A person Onmion holds data about, with their email on file.
  await api('/v1/consent-events', { subject: 'u_web_ann', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
  await api('/v1/subjects/u_web_ann/email', { email: 'ann@example.com' })
}, 300_000)

afterAll(async () => {
  await stopService?.()
  await smtp?.close()
  await new Promise<void>((resolve) => (site === undefined ? resolve() : site.server.close(() => resolve())))
  await rm(dir, { recursive: true, force: true })
})

const session = usePage()

describe('the request page', () => {
  it('files an access request confirmed by the emailed code, shows it open with its due date, and hands over the data once fulfilled', async () => {
    const { page } = session
    await page.goto(`${site?.url ?? ''}/privacy/requests`)
    const form = page.getByRole('form', { name: 'Privacy request' })
    await form.getByRole('radio', { name: /^Access/ }).check()
    await form.getByLabel('Email address').fill('ann@example.com')
    await form.getByLabel('Where you live').selectOption('DE')
    await form.getByRole('button', { name: 'Send me a code' }).click()
    const confirm = page.getByRole('form', { name: 'Confirm your request' })
    await confirm.waitFor()

    const mail = smtp?.received.find((m) => m.to.includes('ann@example.com'))
    const code = mail === undefined ? undefined : /code: (\d{6})/.exec(mail.raw)?.[1]
    expect(code).toMatch(/^\d{6}$/)
    await confirm.getByLabel('Code').fill(code ?? '')
    await confirm.getByRole('button', { name: 'Confirm' }).click()

    const request = page.getByRole('region', { name: 'Your request' })
    await request.waitFor()
    expect(await request.getByTestId('request-status').textContent()).toBe('identity verified')
    const received = new Date(`${(await request.getByTestId('request-received').textContent()) ?? ''}T00:00:00Z`)
    // The service's own record: received when confirmed, due at the earlier of the policy's 30 days and the GDPR's month.
    const { requests } = (await api('/v1/rights-requests?subject=u_web_ann')) as { requests: { id: string; receivedAt: string; dueAt: string; deadlineRule: string; history: { reason: string | null }[] }[] }
    const [filed] = requests
    expect(filed?.receivedAt.slice(0, 10)).toBe(received.toISOString().slice(0, 10))
    const at = new Date(filed?.receivedAt ?? '')
    const policyDue = addDuration(at, onmionPolicy.rights.deadline)
    const gdprDue = addDuration(at, 'P1M')
    const due = gdprDue < policyDue ? gdprDue : policyDue
    expect(filed?.dueAt).toBe(due.toISOString())
    expect(await request.getByTestId('request-due').textContent()).toBe(due.toISOString().slice(0, 10))
    expect(filed?.history[1]?.reason).toMatch(/one-time code/)
    await page.screenshot({ path: join(RESULTS, 'rights-request.png'), fullPage: true })

    // The operator fulfils it; the person refreshes and downloads the bundle.
    await api(`/v1/rights-requests/${filed?.id ?? ''}/transitions`, { to: 'completed' })
    await request.getByRole('button', { name: 'Refresh status' }).click()
    await request.getByRole('button', { name: 'Download your data' }).waitFor()
    expect(await request.getByTestId('request-status').textContent()).toBe('completed')
    const [download] = await Promise.all([page.waitForEvent('download'), request.getByRole('button', { name: 'Download your data' }).click()])
    const bundle = JSON.parse(await new Response((await download.createReadStream()) as unknown as ReadableStream).text()) as { manifest: { subject: string } }
    expect(bundle.manifest.subject).toBe('u_web_ann')
  })

  it('lists every published policy version on /privacy/changes', async () => {
    const { page } = session
    await page.goto(`${site?.url ?? ''}/privacy/changes`)
    const versions = page.getByRole('list', { name: 'Policy versions' }).getByTestId('policy-version')
    await versions.first().waitFor()
    expect(await versions.allTextContents()).toEqual([expect.stringContaining(`Version ${onmionPolicy.meta.version}`)])
  })
})
