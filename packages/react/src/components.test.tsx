// @vitest-environment happy-dom
import { createConsentManager, type ConsentManager } from '@onmion/privacy-client'
import { onmionPolicy } from '@onmion/privacy-policy'
import { act, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConsentGate, ConsentProvider, CookieBanner, PreferencesDialog, useConsent } from './index.js'

// Behaviour in a DOM; the real-browser checks (keyboard, axe-core, the built site) are in
// apps/web/test.

Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true })

let root: Root
let container: HTMLElement
let manager: ConsentManager

function PreferencesLink(): ReactNode {
  return (
    <button type="button" onClick={useConsent().openPreferences}>
      Cookie preferences
    </button>
  )
}

function render(): void {
  act(() =>
    root.render(
      <ConsentProvider policy={onmionPolicy} manager={manager}>
        <CookieBanner />
        <PreferencesDialog />
        <PreferencesLink />
        <ConsentGate category="analytics" fallback={<p>analytics off</p>}>
          <p>analytics on</p>
        </ConsentGate>
      </ConsentProvider>,
    ),
  )
}

const button = (name: string): HTMLButtonElement => {
  const found = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === name)
  if (!found) throw new Error(`no button "${name}"`)
  return found
}
const click = (name: string): void => act(() => button(name).click())
const dialog = (): HTMLElement | null => document.querySelector('[role="dialog"]')
const key = (target: Element, init: KeyboardEventInit): void =>
  act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })))

beforeEach(() => {
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`
  }
  manager = createConsentManager({ policy: onmionPolicy, gateScripts: false })
  container = document.createElement('div')
  document.body.append(container)
  root = createRoot(container)
})
afterEach(() => {
  act(() => root.unmount())
  container.remove()
  manager.destroy()
})

describe('CookieBanner', () => {
  it('shows the policy text and labels while a choice is needed', () => {
    render()
    const banner = document.querySelector('section[aria-label="Cookie consent"]')
    expect(banner?.textContent).toContain(onmionPolicy.cookies.banner.text)
    expect(Array.from(banner?.querySelectorAll('button') ?? [], (b) => b.textContent)).toEqual(['Reject all', 'Accept all', 'Preferences'])
    expect(document.body.textContent).toContain('analytics off')
  })

  it('accept all grants, renders gated content and hides the banner', () => {
    render()
    click('Accept all')
    expect(manager.has('analytics')).toBe(true)
    expect(document.body.textContent).toContain('analytics on')
    expect(document.querySelector('section[aria-label="Cookie consent"]')).toBeNull()
  })

  it('reject all refuses and hides the banner', () => {
    render()
    click('Reject all')
    expect(manager.get()).toEqual({ strictly_necessary: true, preferences: false, analytics: false })
    expect(manager.needsPrompt()).toBe(false)
    expect(document.querySelector('section[aria-label="Cookie consent"]')).toBeNull()
  })
})

describe('PreferencesDialog', () => {
  it('is a labelled modal dialog with a labelled checkbox per category', () => {
    render()
    click('Preferences')
    const element = dialog()
    expect(element?.getAttribute('aria-modal')).toBe('true')
    expect(document.getElementById(element?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Cookie preferences')
    const boxes = Array.from(element?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? [])
    expect(boxes.map((box) => document.querySelector(`label[for="${box.id}"]`)?.textContent)).toEqual([
      'Strictly necessary (Always on)',
      'Preferences',
      'Analytics',
    ])
    expect(boxes.map((box) => document.getElementById(box.getAttribute('aria-describedby') ?? '')?.textContent)).toEqual(
      onmionPolicy.cookies.categories.map((category) => category.description),
    )
    expect(boxes[0]?.checked && boxes[0].disabled).toBe(true)
  })

  it('moves focus in, keeps Tab inside, closes on Escape without saving and gives focus back', () => {
    render()
    const opener = button('Cookie preferences')
    act(() => opener.focus())
    act(() => opener.click())
    const element = dialog()
    expect(element?.contains(document.activeElement)).toBe(true)
    const last = button('Close')
    act(() => last.focus())
    key(last, { key: 'Tab' })
    expect(document.activeElement).toBe(element?.querySelector('input:not([disabled])'))
    key(document.activeElement ?? document.body, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(last)
    key(last, { key: 'Escape' })
    expect(dialog()).toBeNull()
    expect(document.activeElement).toBe(opener)
    expect(manager.needsPrompt()).toBe(true)
  })

  it('saves the checked categories only', () => {
    render()
    click('Preferences')
    const analytics = Array.from(document.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).find(
      (box) => document.querySelector(`label[for="${box.id}"]`)?.textContent === 'Analytics',
    )
    act(() => analytics?.click())
    click('Save choices')
    expect(manager.get()).toEqual({ strictly_necessary: true, preferences: false, analytics: true })
    expect(dialog()).toBeNull()
  })
})

describe('ConsentProvider', () => {
  it('creates its own manager after mounting when given none', () => {
    act(() =>
      root.render(
        <ConsentProvider policy={onmionPolicy} gpc>
          <CookieBanner />
        </ConsentProvider>,
      ),
    )
    expect(document.body.textContent).toContain(onmionPolicy.signals.globalPrivacyControl.statement)
    click('Accept all')
    expect(document.cookie).toContain('onmion_consent=v1.')
    expect(document.querySelector('section[aria-label="Cookie consent"]')).toBeNull()
  })
})

describe('useConsent', () => {
  it('refuses to work outside a provider', () => {
    function Orphan(): ReactNode {
      useConsent()
      return null
    }
    expect(() => renderToString(<Orphan />)).toThrow('needs a <ConsentProvider>')
  })
})
