const SELECTOR = 'script[type="text/plain"][data-consent-category]'

/** Runs blocked scripts once their categories are granted; see {@link createScriptGate}. */
export interface ScriptGate {
  /** Runs, in document order, every blocked script whose categories are now all granted. */
  scan(): void
  stop(): void
}

/**
 * Watches `<script type="text/plain" data-consent-category="analytics">` elements (the attribute
 * may list several categories, all needed). A script runs by being replaced with a live copy:
 * inline ones at once, `src` ones one after the other, each waiting for the previous to load,
 * so the page's order holds. Each element runs at most once; ones added later are seen by a
 * MutationObserver. `beforeRun` lets the caller send Consent Mode defaults before any tag.
 */
export function createScriptGate(granted: (category: string) => boolean, beforeRun: () => void): ScriptGate {
  const seen = new WeakSet<Element>()
  let queue = Promise.resolve()

  const run = (blocked: HTMLScriptElement): Promise<void> =>
    new Promise((resolve) => {
      const live = document.createElement('script')
      for (const attribute of Array.from(blocked.attributes)) if (attribute.name !== 'type') live.setAttribute(attribute.name, attribute.value)
      // Browsers hide a parsed nonce from getAttribute; the property still holds it (CSP).
      if (blocked.nonce) live.nonce = blocked.nonce
      if (blocked.hasAttribute('src')) {
        live.async = false
        live.onload = live.onerror = () => resolve()
      } else {
        live.text = blocked.text
      }
      blocked.replaceWith(live)
      if (!blocked.hasAttribute('src') || !live.isConnected) resolve()
    })

  const scan = (): void => {
    for (const script of Array.from(document.querySelectorAll<HTMLScriptElement>(SELECTOR))) {
      if (seen.has(script)) continue
      const categories = (script.getAttribute('data-consent-category') ?? '').split(/\s+/).filter(Boolean)
      if (categories.length === 0 || !categories.every(granted)) continue
      seen.add(script)
      beforeRun()
      queue = queue.then(() => run(script))
    }
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (node instanceof Element && (node.matches(SELECTOR) || node.querySelector(SELECTOR) !== null)) return scan()
      }
    }
  })
  observer.observe(document.documentElement, { childList: true, subtree: true })
  return { scan, stop: () => observer.disconnect() }
}
