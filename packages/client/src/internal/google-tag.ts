interface TagGlobals {
  gtag?: (...args: unknown[]) => void
  dataLayer?: unknown[]
}

/**
 * Defines the Google tag's queue when the page has none (`dataLayer` and `gtag`, as Google's
 * snippet does), so the Consent Mode default is queued before the tag loads.
 */
export function ensureTagQueue(): void {
  const tags = window as unknown as TagGlobals
  const layer = (tags.dataLayer ??= [])
  tags.gtag ??= function gtag() {
    // eslint-disable-next-line prefer-rest-params -- gtag.js reads Arguments objects, not arrays
    layer.push(arguments)
  }
}

/** Adds the Google tag (`async`) to the page once; later calls do nothing. */
export function loadGoogleTag(src: string): void {
  if (document.querySelector(`script[data-onmion-google-tag]`)) return
  const script = document.createElement('script')
  script.async = true
  script.src = src
  script.setAttribute('data-onmion-google-tag', '')
  document.head.append(script)
}
