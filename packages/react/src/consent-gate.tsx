import type { ReactNode } from 'react'
import { useConsent } from './use-consent.js'

/** Props of {@link ConsentGate}. */
export interface ConsentGateProps {
  /** The cookie category the children need. */
  category: string
  /** What to render instead (e.g. a placeholder with a button to open the preferences). */
  fallback?: ReactNode
  children?: ReactNode
}

/**
 * Renders its children only while `category` is granted; never on the server or before the
 * choice is known.
 *
 * @example
 * <ConsentGate category="analytics" fallback={<p>Analytics is off.</p>}>
 *   <TrafficChart />
 * </ConsentGate>
 */
export function ConsentGate({ category, fallback = null, children }: ConsentGateProps): ReactNode {
  const consent = useConsent()
  return consent.ready && consent.has(category) ? children : fallback
}
