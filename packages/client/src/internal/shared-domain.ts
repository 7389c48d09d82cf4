/**
 * The `Domain` of a cookie shared by a site's sub-domains: the policy's shared domain (or its
 * local alias, `onmion.test` for `onmion.com`) that `hostname` is on, or `undefined` (host-only)
 * when it is on none of them (`127.0.0.1`, another site).
 */
export function sharedCookieDomain(hostname: string, domains: readonly string[], aliases: Readonly<Record<string, string>>): string | undefined {
  const candidates = [...domains, ...Object.keys(aliases).filter((alias) => domains.includes(aliases[alias] ?? ''))]
  return candidates.find((domain) => hostname === domain || hostname.endsWith(`.${domain}`))
}
