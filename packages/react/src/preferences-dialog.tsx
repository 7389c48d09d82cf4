import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { ConsentContextValue } from './consent-provider.js'
import { SignalNotice } from './signal-notice.js'
import { useConsent } from './use-consent.js'

/** Props of {@link PreferencesDialog}: the texts the policy does not hold, for translation. */
export interface PreferencesDialogProps {
  title?: string
  saveLabel?: string
  closeLabel?: string
  /** Shown beside a strictly necessary category, whose checkbox is always on. */
  requiredLabel?: string
  className?: string
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

/**
 * The preferences dialog, open after `openPreferences()`: one labelled checkbox per cookie
 * category with the policy's name and description (strictly necessary ones checked and
 * disabled), save / reject all / accept all / close. A modal dialog (`role="dialog"`,
 * `aria-modal`): focus moves into it on opening, Tab stays inside it, Escape closes it without
 * saving, and focus returns to the element that opened it. Unstyled: class names `onmion-dialog*`.
 *
 * @example
 * const { openPreferences } = useConsent()
 * <button onClick={openPreferences}>Cookie preferences</button>
 * <PreferencesDialog />
 */
export function PreferencesDialog(props: PreferencesDialogProps): ReactNode {
  const consent = useConsent()
  return consent.ready && consent.preferencesOpen ? <OpenDialog {...props} consent={consent} /> : null
}

function OpenDialog({
  consent,
  title = 'Cookie preferences',
  saveLabel = 'Save choices',
  closeLabel = 'Close',
  requiredLabel = 'Always on',
  className = 'onmion-dialog',
}: PreferencesDialogProps & { consent: ConsentContextValue }): ReactNode {
  const { policy } = consent
  const id = useId()
  const dialog = useRef<HTMLDivElement>(null)
  // The draft starts from the current choices each time the dialog opens (it mounts on open).
  const [draft, setDraft] = useState<Record<string, boolean>>(() => ({ ...consent.choices }))

  useEffect(() => {
    const opener = document.activeElement
    dialog.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus()
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
  }, [])

  const close = consent.closePreferences
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      close()
    } else if (event.key === 'Tab' && dialog.current) {
      const focusable = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE))
      const first = focusable[0]
      const last = focusable[focusable.length - 1]
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault()
        last?.focus()
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault()
        first?.focus()
      }
    }
  }

  return (
    <div className={`${className}__backdrop`}>
      <div ref={dialog} className={className} role="dialog" aria-modal="true" aria-labelledby={`${id}title`} onKeyDown={onKeyDown}>
        <h2 id={`${id}title`} className={`${className}__title`}>
          {title}
        </h2>
        {consent.signalRefusals.length > 0 && <SignalNotice policy={policy} className={`${className}__signal`} />}
        <ul className={`${className}__categories`}>
          {policy.cookies.categories.map((category) => (
            <li key={category.id} className={`${className}__category`}>
              <input
                type="checkbox"
                id={`${id}${category.id}`}
                aria-describedby={`${id}${category.id}-description`}
                checked={category.required || draft[category.id] === true}
                disabled={category.required}
                onChange={(event) => {
                  const checked = event.currentTarget.checked
                  setDraft((previous) => ({ ...previous, [category.id]: checked }))
                }}
              />
              <label htmlFor={`${id}${category.id}`}>
                {category.name}
                {category.required && <span className={`${className}__required`}> ({requiredLabel})</span>}
                {consent.signalRefusals.includes(category.id) && policy.signals.globalPrivacyControl.honoredLabel && (
                  <span className={`${className}__honored`}> ({policy.signals.globalPrivacyControl.honoredLabel})</span>
                )}
              </label>
              <p id={`${id}${category.id}-description`} className={`${className}__description`}>
                {category.description}
              </p>
            </li>
          ))}
        </ul>
        <div className={`${className}__actions`}>
          <button
            type="button"
            className="onmion-button"
            onClick={() => {
              const changes: Record<string, boolean> = {}
              for (const category of policy.cookies.categories) if (!category.required) changes[category.id] = draft[category.id] === true
              consent.set(changes, { source: 'preferences_dialog' })
              close()
            }}
          >
            {saveLabel}
          </button>
          <button
            type="button"
            className="onmion-button"
            onClick={() => {
              consent.rejectAll({ source: 'preferences_dialog' })
              close()
            }}
          >
            {policy.cookies.banner.rejectLabel}
          </button>
          <button
            type="button"
            className="onmion-button"
            onClick={() => {
              consent.acceptAll({ source: 'preferences_dialog' })
              close()
            }}
          >
            {policy.cookies.banner.acceptLabel}
          </button>
          <button type="button" className="onmion-button" onClick={close}>
            {closeLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
