/* eslint-disable @typescript-eslint/unbound-method -- the page's own functions are kept, to call them on their receiver and to put them back in stop() */
import type { Policy } from '@onmion/privacy-schema/browser'
import type { ConsentManager } from './consent-manager.js'

/** Options of {@link gateNetwork}. */
export interface NetworkGateOptions {
  /** Held requests on refusal: dropped, or kept until a later grant. Defaults to the policy's `cookies.browser.heldOnRefusal`, else `'drop'`. */
  onRefusal?: 'drop' | 'keep'
}

/** The installed gate; see {@link gateNetwork}. */
export interface NetworkGate {
  /** How many requests are held now. */
  held(): number
  /** Restores the page's `fetch`, `XMLHttpRequest`, `sendBeacon` and `src` setters; held requests are dropped. */
  stop(): void
}

type Element_ = HTMLImageElement | HTMLScriptElement | HTMLIFrameElement

/**
 * Holds the page's requests to the hosts a policy declares for a cookie category (`hosts`, a host
 * covering its sub-domains) until that category is granted, then hands them to the browser in
 * the order they were made (the browser's network queue then decides when each goes out); on
 * refusal they are dropped, and so are later ones while it is refused (or they are kept until a
 * grant, as the policy or `onRefusal` says). It covers
 * `fetch`, `XMLHttpRequest`, `navigator.sendBeacon` and the `src` of images, scripts and iframes
 * (set by property or attribute, or present on an element added later: a MutationObserver sees
 * those). Install it at page start, before any tag: requests made earlier are not seen.
 *
 * A held `fetch` returns a promise that settles when the request is sent (and rejects with an
 * `AbortError` when dropped); a held `sendBeacon` answers `true`; a held XHR stays in `OPENED`.
 *
 * @example
 * import { createConsentManager } from '@onmion/privacy-client'
 * import { gateNetwork } from '@onmion/privacy-client/network'
 * const consent = createConsentManager({ policy: onmionPolicy })
 * gateNetwork(consent, onmionPolicy)
 */
export function gateNetwork<K extends string>(manager: ConsentManager<K>, policy: Policy, options: NetworkGateOptions = {}): NetworkGate {
  const onRefusal = options.onRefusal ?? policy.cookies.browser?.heldOnRefusal ?? 'drop'
  const hostsOf = policy.cookies.categories.filter((category) => !category.required && (category.hosts?.length ?? 0) > 0)
  /** The categories a URL needs (those whose hosts cover its host), or none. */
  const needs = (url: unknown): K[] => {
    let host: string
    try {
      host = new URL(String(url), location.href).hostname
    } catch {
      return []
    }
    return hostsOf.filter((category) => category.hosts?.some((h) => host === h || host.endsWith(`.${h}`))).map((category) => category.id as K)
  }
  const blocked = (url: unknown): K[] => needs(url).filter((category) => !manager.has(category))

  interface Held {
    categories: K[]
    send: () => void
    drop: () => void
  }
  let queue: Held[] = []
  const hold = (categories: K[], send: () => void, drop: () => void = () => undefined): void => {
    // Already refused, and the policy drops: nothing to wait for.
    if (!manager.needsPrompt() && onRefusal === 'drop') drop()
    else queue.push({ categories, send, drop })
  }
  const release = (): void => {
    const decided = !manager.needsPrompt()
    const keep: Held[] = []
    for (const item of queue) {
      if (item.categories.every((category) => manager.has(category))) item.send()
      else if (decided && onRefusal === 'drop') item.drop()
      else keep.push(item)
    }
    queue = keep
  }

  const nativeFetch = window.fetch
  window.fetch = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const categories = blocked(input instanceof Request ? input.url : input)
    if (categories.length === 0) return nativeFetch.call(window, input, init)
    return new Promise((resolve, reject) =>
      hold(
        categories,
        () => void nativeFetch.call(window, input, init).then(resolve, reject),
        () => reject(new DOMException('held by the consent network gate, then refused', 'AbortError')),
      ),
    )
  }

  const beacon = navigator.sendBeacon as ((url: string | URL, data?: BodyInit | null) => boolean) | undefined
  if (beacon) {
    navigator.sendBeacon = (url, data) => {
      const categories = blocked(url)
      if (categories.length === 0) return beacon.call(navigator, url, data)
      hold(categories, () => beacon.call(navigator, url, data))
      return true
    }
  }

  const xhr = XMLHttpRequest.prototype
  const { open, send } = xhr
  const urls = new WeakMap<XMLHttpRequest, string>()
  xhr.open = function (this: XMLHttpRequest, ...args: unknown[]): void {
    urls.set(this, String(args[1]))
    Reflect.apply(open, this, args)
  }
  xhr.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const categories = blocked(urls.get(this))
    if (categories.length === 0) return send.call(this, body)
    hold(
      categories,
      () => send.call(this, body),
      () => this.abort(),
    )
  }

  // src of images, scripts and iframes: the property setter, setAttribute, and elements added with one.
  const nativeSetAttribute = Element.prototype.setAttribute
  const kinds = [HTMLImageElement, HTMLScriptElement, HTMLIFrameElement]
  const descriptors = kinds.map((kind) => [kind.prototype, Object.getOwnPropertyDescriptor(kind.prototype, 'src')] as const)
  const setSrc = (element: Element_, value: string): void => {
    const descriptor = descriptors.find(([prototype]) => prototype === Object.getPrototypeOf(element))?.[1]
    if (descriptor?.set) descriptor.set.call(element, value)
    else nativeSetAttribute.call(element, 'src', value)
  }
  const gateSrc = (element: Element_, value: string): boolean => {
    const categories = blocked(value)
    if (categories.length === 0) return false
    element.setAttribute('data-consent-held-src', value)
    hold(
      categories,
      () => {
        element.removeAttribute('data-consent-held-src')
        setSrc(element, value)
      },
      () => element.removeAttribute('data-consent-held-src'),
    )
    return true
  }
  for (const [prototype, descriptor] of descriptors) {
    if (!descriptor?.set) continue
    Object.defineProperty(prototype, 'src', {
      ...descriptor,
      set(this: Element_, value: unknown) {
        if (!gateSrc(this, String(value))) descriptor.set?.call(this, value)
      },
    })
  }
  Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
    if (name.toLowerCase() === 'src' && kinds.some((kind) => this instanceof kind) && gateSrc(this as Element_, value)) return
    nativeSetAttribute.call(this, name, value)
  }
  // Markup parsed into the page (innerHTML, a tag manager's template) carries src without a setter:
  // the element is caught when it is added, before it is connected long enough to finish loading.
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (!(node instanceof Element)) continue
        for (const element of [node, ...Array.from(node.querySelectorAll('img[src], script[src], iframe[src]'))]) {
          if (!kinds.some((kind) => element instanceof kind)) continue
          const value = element.getAttribute('src')
          if (value !== null && gateSrc(element as Element_, value)) element.removeAttribute('src')
        }
      }
    }
  })
  observer.observe(document.documentElement, { childList: true, subtree: true })

  const unsubscribe = manager.subscribe(release)
  return {
    held: () => queue.length,
    stop() {
      unsubscribe()
      observer.disconnect()
      window.fetch = nativeFetch
      if (beacon) navigator.sendBeacon = beacon
      xhr.open = open
      xhr.send = send
      Element.prototype.setAttribute = nativeSetAttribute
      for (const [prototype, descriptor] of descriptors) if (descriptor) Object.defineProperty(prototype, 'src', descriptor)
      queue = []
    },
  }
}
