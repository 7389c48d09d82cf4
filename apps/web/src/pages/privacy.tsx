// `/full`: the browser build of the policy package carries only what a consent banner reads.
import { onmionPolicy } from '@onmion/privacy-policy/full'
import { renderPolicy } from '@onmion/privacy-schema'
import { useMemo, type ReactNode } from 'react'

/**
 * The privacy policy page, generated from the same data the SDKs enforce. `renderPolicy` writes a
 * standalone HTML document with every text escaped; the page shows the content of its `<main>`.
 */
export function PrivacyPage(): ReactNode {
  const html = useMemo(() => /<main>([\s\S]*)<\/main>/.exec(renderPolicy(onmionPolicy, { format: 'html' }))?.[1] ?? '', [])
  return <article className="policy" dangerouslySetInnerHTML={{ __html: html }} />
}
