/** Reads one cookie of the current document, or `undefined`. */
export function readCookie(name: string): string | undefined {
  for (const pair of document.cookie.split(';')) {
    const at = pair.indexOf('=')
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim()
  }
  return undefined
}

/** The names of the cookies this document can see. */
export function cookieNames(): string[] {
  return document.cookie
    .split(';')
    .map((pair) => pair.split('=', 1)[0]?.trim() ?? '')
    .filter(Boolean)
}

/**
 * Expires a cookie wherever a script may have set it: host-only, and on the current host and
 * every parent domain (`www.a.example.com`, `a.example.com`, `example.com`), since analytics tags
 * usually set theirs on the registrable domain. Browsers ignore the attempts on a public suffix.
 */
export function eraseCookie(name: string): void {
  const labels = location.hostname.split('.')
  const domains: (string | undefined)[] = [undefined]
  // An IP address has no parent domain.
  if (!/^[\d.]+$|:/.test(location.hostname)) for (let i = 0; i < labels.length - 1; i++) domains.push(labels.slice(i).join('.'))
  for (const domain of domains) document.cookie = `${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/${domain === undefined ? '' : `; Domain=${domain}`}`
}
