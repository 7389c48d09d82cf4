import type { Policy } from '@onmion/privacy-schema'
import type { ReactNode } from 'react'

/**
 * What the banner and the dialog say when a Global Privacy Control signal was honored: the
 * policy's label ("Opt-Out Request Honored", Cal. Code Regs. tit. 11 § 7025(c)(6)) and statement.
 */
export function SignalNotice({ policy, className }: { policy: Policy; className: string }): ReactNode {
  const { honoredLabel, statement } = policy.signals.globalPrivacyControl
  return (
    <p className={className}>
      {honoredLabel && <strong>{honoredLabel}. </strong>}
      {statement}
    </p>
  )
}
