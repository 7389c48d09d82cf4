import type { Policy } from '@onmion/privacy-schema/browser'
import type { ConsentManager } from './consent-manager.js'

/** Options of {@link placeEmbeds}: the texts, when the policy has none (`cookies.browser.embed`). */
export interface EmbedOptions {
  text?: string
  loadLabel?: string
  loadCategoryLabel?: string
  /** Class of the placeholder (default `onmion-embed`). */
  className?: string
}

/** The installed placeholders; see {@link placeEmbeds}. */
export interface EmbedPlaceholders {
  /** Looks for new embeds now (the MutationObserver does so for ones added later). */
  scan(): void
  stop(): void
}

const SELECTOR = 'iframe[data-consent-category][data-src]'

/**
 * Embeds that wait for consent: `<iframe data-consent-category="analytics" data-src="..." title="...">`
 * loads (its `src` set from `data-src`) once the category is granted. Until then a placeholder
 * stands before it (the iframe is `hidden`): a group labelled by the iframe's title, the policy's
 * text (`{category}` is the category's name) and two buttons, "load this content" (this embed
 * only, nothing recorded) and "allow {category} cookies" (a choice recorded with source `embed`,
 * which loads every embed of the category). After a button, focus moves to the loaded iframe.
 * Embeds added later are found by a MutationObserver.
 *
 * @example
 * import { placeEmbeds } from '@onmion/privacy-client/embeds'
 * placeEmbeds(consent, onmionPolicy)
 */
export function placeEmbeds<K extends string>(manager: ConsentManager<K>, policy: Policy, options: EmbedOptions = {}): EmbedPlaceholders {
  const texts = policy.cookies.browser?.embed
  const className = options.className ?? 'onmion-embed'
  const placeholders = new Map<HTMLIFrameElement, HTMLElement>()

  const load = (frame: HTMLIFrameElement): void => {
    placeholders.get(frame)?.remove()
    placeholders.delete(frame)
    frame.hidden = false
    if (!frame.getAttribute('src')) frame.src = frame.getAttribute('data-src') ?? ''
  }

  const scan = (): void => {
    for (const frame of Array.from(document.querySelectorAll<HTMLIFrameElement>(SELECTOR))) {
      const id = frame.getAttribute('data-consent-category') ?? ''
      if (frame.getAttribute('src')) continue
      if (manager.has(id as K)) {
        load(frame)
        continue
      }
      if (placeholders.has(frame)) continue
      const category = policy.cookies.categories.find((c) => c.id === id && !c.required)
      const fill = (value: string | undefined): string => (value ?? '').replaceAll('{category}', category?.name.toLowerCase() ?? id)
      const title = (frame.title === '' ? frame.getAttribute('data-src') : frame.title) ?? ''
      const box = document.createElement('div')
      box.className = className
      box.setAttribute('role', 'group')
      box.setAttribute('aria-label', title)
      const text = document.createElement('p')
      text.textContent = fill(options.text ?? texts?.text)
      box.append(text)
      const button = (label: string, onClick: () => void): void => {
        const element = document.createElement('button')
        element.type = 'button'
        element.className = 'onmion-button'
        element.textContent = label
        element.setAttribute('aria-label', `${label}: ${title}`)
        element.addEventListener('click', () => {
          onClick()
          frame.focus()
        })
        box.append(element)
      }
      button(fill(options.loadLabel ?? texts?.loadLabel ?? 'Load'), () => load(frame))
      // An undeclared category cannot be granted: only this embed can be loaded.
      if (category) button(fill(options.loadCategoryLabel ?? texts?.loadCategoryLabel ?? 'Allow {category}'), () => manager.set({ [id]: true } as Partial<Record<K, boolean>>, { source: 'embed' }))
      frame.hidden = true
      frame.before(box)
      placeholders.set(frame, box)
    }
  }

  const observer = new MutationObserver((records) => {
    if (records.some((record) => Array.from(record.addedNodes).some((node) => node instanceof Element && (node.matches(SELECTOR) || node.querySelector(SELECTOR) !== null)))) scan()
  })
  observer.observe(document.documentElement, { childList: true, subtree: true })
  const unsubscribe = manager.subscribe(scan)
  scan()
  return {
    scan,
    stop() {
      observer.disconnect()
      unsubscribe()
    },
  }
}
