import type { ConsentEndpoint } from '../endpoint.js'
import { keepReceipt } from './receipt-store.js'
import { randomId } from './consent-id.js'

interface Pending {
  key: string
  body: string
}

const STORAGE_KEY = 'onmion_consent_queue'
const TOKEN_KEY = 'onmion_consent_token'
/** The header the consent service reads a consistency token from. */
const TOKEN_HEADER = 'onmion-consistency-token'
const MAX_PENDING = 50
const MAX_DELAY_MS = 60_000


function load(): Pending[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]')
    return Array.isArray(value) ? value.filter((item): item is Pending => typeof (item as Pending | null)?.key === 'string' && typeof (item as Pending).body === 'string') : []
  } catch {
    return []
  }
}

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

/** The token of a recorded write (the body's `consistencyToken`), kept for the next requests and visits. */
async function remember(response: Response, previous: string | null): Promise<string | null> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    return previous
  }
  keepReceipt(body)
  const next = (body as { consistencyToken?: unknown } | null)?.consistencyToken
  if (typeof next !== 'string') return previous
  try {
    localStorage.setItem(TOKEN_KEY, next)
  } catch {
    // Storage may be disabled; the token in memory still serves this page.
  }
  return next
}

/**
 * Sends consent events to `POST {url}/v1/consent-events`, one idempotency key per event kept
 * across retries, so the service records each change once however often it is sent. Pending
 * events live in memory and in localStorage (another tab or the next visit sends what this one
 * could not); an offline browser or a 5xx/408/429 answer is retried with exponential backoff
 * and on the `online` event. A 2xx or another 4xx answer settles an event (a request the service
 * refuses will not succeed by repetition). Nothing here throws into the page.
 *
 * The consistency token of the last recorded write is remembered (and kept in localStorage) and
 * sent with every request, so that what the service answers is at least as new as this
 * browser's last choice; `token()` hands it to the page for its own backend's checks.
 */
export function createEventSender(endpoint: ConsentEndpoint): { send(event: object): void; stop(): void; token(): string | null } {
  const url = `${endpoint.url.replace(/\/+$/, '')}/v1/consent-events`
  let pending = load()
  const settled = new Set<string>()
  let busy = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let token = readToken()

  const save = (): void => {
    try {
      // Merge with what other tabs queued meanwhile rather than overwrite it.
      const merged = new Map<string, Pending>()
      for (const item of [...load(), ...pending]) if (!settled.has(item.key)) merged.set(item.key, item)
      const list = [...merged.values()].slice(-MAX_PENDING)
      if (list.length === 0) localStorage.removeItem(STORAGE_KEY)
      else localStorage.setItem(STORAGE_KEY, JSON.stringify(list))
    } catch {
      // Storage may be disabled; the in-memory queue still retries while the page lives.
    }
  }

  const flush = async (): Promise<void> => {
    if (busy) return
    busy = true
    clearTimeout(timer)
    try {
      for (let item = pending[0]; item !== undefined; item = pending[0]) {
        if (!navigator.onLine) return
        let status = 0
        try {
          const response = await fetch(url, {
            method: 'POST',
            keepalive: true,
            headers: {
              authorization: `Bearer ${endpoint.publishableKey}`,
              'idempotency-key': item.key,
              'content-type': 'application/json',
              ...(token === null ? {} : { [TOKEN_HEADER]: token }),
            },
            body: item.body,
          })
          status = response.status
          if (response.ok) token = await remember(response, token)
        } catch {
          // A network failure: status 0, retried below.
        }
        if (status === 0 || status === 408 || status === 429 || status >= 500) {
          timer = setTimeout(() => void flush(), Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt++))
          return
        }
        attempt = 0
        settled.add(item.key)
        pending = pending.filter((other) => other.key !== item.key)
        save()
      }
    } finally {
      busy = false
    }
  }

  const online = (): void => void flush()
  addEventListener('online', online)
  void flush()
  return {
    send(event) {
      pending.push({ key: randomId('k_'), body: JSON.stringify(event) })
      pending = pending.slice(-MAX_PENDING)
      save()
      void flush()
    },
    stop() {
      clearTimeout(timer)
      removeEventListener('online', online)
    },
    token: () => token,
  }
}
