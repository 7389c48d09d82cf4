/**
 * Reads one cookie from a `Cookie` request header (RFC 6265 `name=value; name2=value2`), or
 * undefined. Values may be quoted; percent-encoding is decoded when valid.
 *
 * @example
 * readCookie('a=1; onmion_consent=v1.eyJ2Ijo', 'onmion_consent') // 'v1.eyJ2Ijo'
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header === '') return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() !== name) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }
  return undefined
}
