import { onmionPolicy } from '@onmion/privacy-policy/full'
import { useEffect, useState, type ReactNode } from 'react'
import { serviceUrl } from '../service-url.js'

interface VersionView {
  version: string
  effectiveDate: string
  change: { from: string; material: boolean; text: string } | null
}

/** A summary's text as paragraphs and one list (its "- " lines), never as HTML. */
function Summary({ text }: { text: string }): ReactNode {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const items = lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2))
  return (
    <>
      {lines
        .filter((l) => !l.startsWith('- '))
        .map((l) => (
          <p key={l}>{l}</p>
        ))}
      {items.length === 0 ? null : (
        <ul>
          {items.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </>
  )
}

/**
 * `/privacy/changes`: every published version of the policy with the plain-language summary of
 * what changed from the one before, as the consent service keeps them.
 */
export function ChangesPage(): ReactNode {
  const [versions, setVersions] = useState<VersionView[] | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    if (serviceUrl === undefined) return
    fetch(`${serviceUrl}/v1/policy/changes`)
      .then(async (r) => setVersions(((await r.json()) as { versions: VersionView[] }).versions))
      .catch(() => setFailed(true))
  }, [])
  const list = versions ?? [{ version: onmionPolicy.meta.version, effectiveDate: onmionPolicy.meta.effectiveDate, change: null }]
  return (
    <article className="changes">
      <h1>Changes to this policy</h1>
      {failed ? <p role="alert">The version history could not be loaded; the current version is shown.</p> : null}
      <ol aria-label="Policy versions" reversed>
        {list.map((v) => (
          <li key={v.version} data-testid="policy-version">
            <h2>
              Version {v.version}, effective {v.effectiveDate}
              {v.change?.material === true ? ' (material change)' : ''}
            </h2>
            {v.change === null ? <p>The first version we published.</p> : <Summary text={v.change.text} />}
          </li>
        ))}
      </ol>
    </article>
  )
}
