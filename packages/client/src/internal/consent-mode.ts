import { CONSENT_MODE_SIGNALS, type ConsentModeSignal, type Policy } from '@onmion/privacy-schema/browser'

type ConsentModeState = Record<ConsentModeSignal, 'granted' | 'denied'>
type Gtag = (...args: unknown[]) => void
interface TagGlobals {
  gtag?: Gtag
  dataLayer?: unknown[]
}

/**
 * Maps cookie choices to Consent Mode signals: a signal is granted exactly when a granted
 * category lists it, so a signal no category lists (ad_*) stays denied.
 */
export function consentModeState(categories: Policy['cookies']['categories'], granted: (id: string) => boolean): ConsentModeState {
  const state = {} as ConsentModeState
  for (const signal of CONSENT_MODE_SIGNALS) {
    state[signal] = categories.some((category) => granted(category.id) && category.consentMode.includes(signal)) ? 'granted' : 'denied'
  }
  return state
}

/**
 * Sends a `consent` command to the page's tag, if there is one: `gtag()` when defined, else
 * the `dataLayer` queue that gtag.js reads (it expects an `arguments` object, as gtag() pushes).
 * Returns whether a tag was there to receive it; nothing is created when there is none.
 */
export function sendConsentMode(command: 'default' | 'update', state: ConsentModeState & { wait_for_update?: number }): boolean {
  const tags = window as unknown as TagGlobals
  if (typeof tags.gtag === 'function') {
    tags.gtag('consent', command, state)
    return true
  }
  const layer = tags.dataLayer
  if (!Array.isArray(layer)) return false
  ;(function push(..._args: unknown[]) {
    // eslint-disable-next-line prefer-rest-params -- gtag.js reads Arguments objects, not arrays
    layer.push(arguments)
  })('consent', command, state)
  return true
}
