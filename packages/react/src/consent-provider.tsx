import { createConsentManager, type ChoiceOptions, type ConsentEndpoint, type ConsentManager } from '@onmion/privacy-client'
import type { Policy } from '@onmion/privacy-schema'
import { createContext, useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react'

/** Props of {@link ConsentProvider}. */
export interface ConsentProviderProps {
  /** The policy whose banner text and category descriptions the components show. */
  policy: Policy
  /**
   * A manager created at page start (recommended: it gates scripts before React renders). Without
   * one, the provider creates it after mounting, from `endpoint`, `cookie` and `gpc`.
   */
  manager?: ConsentManager
  endpoint?: ConsentEndpoint
  cookie?: { name?: string; domain?: string; maxAgeDays?: number }
  gpc?: boolean
  children?: ReactNode
}

/** What {@link useConsent} returns. */
export interface ConsentContextValue<K extends string = string> {
  /** `false` on the server and while hydrating: no choice is known yet, so nothing consent-based renders. */
  ready: boolean
  choices: Readonly<Record<K, boolean>>
  has: (category: K) => boolean
  needsPrompt: boolean
  /** Categories a browser privacy signal (GPC) refuses. */
  signalRefusals: readonly K[]
  /** The banner asks again because the policy changed materially since the stored choice. */
  policyChanged: boolean
  acceptAll: (options?: ChoiceOptions) => void
  rejectAll: (options?: ChoiceOptions) => void
  set: (choices: Partial<Record<K, boolean>>, options?: ChoiceOptions) => void
  policy: Policy
  preferencesOpen: boolean
  openPreferences: () => void
  closePreferences: () => void
}

export const ConsentContext = createContext<ConsentContextValue | undefined>(undefined)

const noSubscription = (): (() => void) => () => undefined
const unknown = (): undefined => undefined

/**
 * Provides consent state to {@link useConsent}, {@link ConsentGate}, {@link CookieBanner} and
 * {@link PreferencesDialog}. Server rendering and hydration see "not ready" (nothing gated,
 * no banner), so the server HTML never depends on a cookie it cannot read the same way.
 *
 * @example
 * const manager = createConsentManager({ policy: onmionPolicy })
 * root.render(
 *   <ConsentProvider policy={onmionPolicy} manager={manager}>
 *     <CookieBanner />
 *     <PreferencesDialog />
 *     <App />
 *   </ConsentProvider>,
 * )
 */
export function ConsentProvider({ policy, manager: given, endpoint, cookie, gpc, children }: ConsentProviderProps): ReactNode {
  const [created, setCreated] = useState<ConsentManager>()
  useEffect(() => {
    if (given) return
    const manager = createConsentManager({
      policy,
      ...(endpoint && { endpoint }),
      ...(cookie && { cookie }),
      ...(gpc !== undefined && { gpc }),
    })
    setCreated(manager)
    return () => manager.destroy()
    // The options are read once, when the manager they configure is created.
  }, [given])
  const manager = given ?? created
  const subscribe = useCallback((onChange: () => void) => (manager ? manager.subscribe(onChange) : () => undefined), [manager])
  const choices = useSyncExternalStore(manager ? subscribe : noSubscription, () => manager?.get(), unknown)
  const [preferencesOpen, setPreferencesOpen] = useState(false)

  const value = useMemo<ConsentContextValue>(() => {
    const fallback: Record<string, boolean> = {}
    for (const category of policy.cookies.categories) fallback[category.id] = category.required
    return {
      ready: choices !== undefined && manager !== undefined,
      choices: choices ?? fallback,
      has: (category) => choices !== undefined && manager?.has(category) === true,
      needsPrompt: manager?.needsPrompt() ?? false,
      signalRefusals: manager?.signalRefusals() ?? [],
      policyChanged: manager?.policyChanged() ?? false,
      acceptAll: (options) => manager?.acceptAll(options),
      rejectAll: (options) => manager?.rejectAll(options),
      set: (next, options) => manager?.set(next, options),
      policy,
      preferencesOpen,
      openPreferences: () => setPreferencesOpen(true),
      closePreferences: () => setPreferencesOpen(false),
    }
  }, [choices, manager, policy, preferencesOpen])

  return <ConsentContext value={value}>{children}</ConsentContext>
}
