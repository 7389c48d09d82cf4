import { useId, type ReactNode } from 'react'
import { SignalNotice } from './signal-notice.js'
import { useConsent } from './use-consent.js'

/** Props of {@link CookieBanner}. */
export interface CookieBannerProps {
  /** Accessible name of the banner region (the policy has no title for it). */
  label?: string
  className?: string
  /** Shown when the banner asks again after a material policy change. */
  policyChangedText?: string
  /** Where that line links to: the page listing what changed (e.g. `/privacy/changes`). */
  changesHref?: string
}

/**
 * The cookie banner, shown while a choice is needed: the policy's banner text and its
 * accept / reject / preferences labels, as plain buttons of equal weight in that order of
 * focus: reject, accept, preferences. When a privacy signal refuses categories, the policy's
 * "Opt-Out Request Honored" label and statement about it are shown; when it asks again after a
 * material policy change, it says so (linking to `changesHref`). Unstyled: class names
 * `onmion-banner*`, see `styles.css`.
 *
 * @example
 * <ConsentProvider policy={onmionPolicy} manager={manager}>
 *   <CookieBanner />
 * </ConsentProvider>
 */
export function CookieBanner({ label = 'Cookie consent', className = 'onmion-banner', policyChangedText = 'Our privacy policy has changed since you last chose.', changesHref }: CookieBannerProps): ReactNode {
  const consent = useConsent()
  const textId = useId()
  if (!consent.ready || !consent.needsPrompt) return null
  const { banner } = consent.policy.cookies
  return (
    <section className={className} aria-label={label} aria-describedby={textId}>
      {consent.policyChanged && (
        <p className="onmion-banner__changed">
          {policyChangedText} {changesHref !== undefined && <a href={changesHref}>What changed</a>}
        </p>
      )}
      <p id={textId} className="onmion-banner__text">
        {banner.text}
      </p>
      {consent.signalRefusals.length > 0 && <SignalNotice policy={consent.policy} className="onmion-banner__signal" />}
      <div className="onmion-banner__actions">
        <button type="button" className="onmion-button" onClick={() => consent.rejectAll({ source: 'banner' })}>
          {banner.rejectLabel}
        </button>
        <button type="button" className="onmion-button" onClick={() => consent.acceptAll({ source: 'banner' })}>
          {banner.acceptLabel}
        </button>
        <button type="button" className="onmion-button" aria-haspopup="dialog" onClick={consent.openPreferences}>
          {banner.preferencesLabel}
        </button>
      </div>
    </section>
  )
}
