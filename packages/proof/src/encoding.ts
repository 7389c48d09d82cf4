import { ProofError, ProofErrorCode } from './errors.js'

const HEX = /^(?:[0-9a-f]{2})*$/

/**
 * Lowercase hex of bytes.
 *
 * @example
 * toHex(new Uint8Array([0, 255])) // '00ff'
 */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}

/**
 * Bytes of a lowercase hex string.
 *
 * @throws {@link ProofError} MALFORMED naming `field` when the text is not lowercase hex.
 * @example
 * fromHex('00ff', 'rootHash') // Uint8Array [0, 255]
 */
export function fromHex(text: string, field: string): Uint8Array {
  if (typeof text !== 'string' || !HEX.test(text)) throw new ProofError(ProofErrorCode.MALFORMED, `${field}: must be lowercase hex`, field)
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16)
  return out
}

/**
 * Standard base64 (with padding) of bytes; `btoa` exists in browsers and Node 16+.
 *
 * @example
 * toBase64(new Uint8Array([1, 2, 3])) // 'AQID'
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * Bytes of standard base64.
 *
 * @throws {@link ProofError} MALFORMED naming `field` when the text is not base64.
 * @example
 * fromBase64('AQID', 'publicKey') // Uint8Array [1, 2, 3]
 */
export function fromBase64(text: string, field: string): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new ProofError(ProofErrorCode.MALFORMED, `${field}: must be standard base64`, field)
  }
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/**
 * Concatenation of byte arrays.
 *
 * @example
 * concat(new Uint8Array([0]), leaf)
 */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/**
 * SHA-256 through WebCrypto (`crypto.subtle`, in browsers and Node 20+).
 *
 * @example
 * toHex(await sha256(new TextEncoder().encode('abc'))) // 'ba7816bf...'
 */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
}

/**
 * Hex SHA-256 of a UTF-8 string.
 *
 * @example
 * await sha256Text('abc') // 'ba7816bf...'
 */
export async function sha256Text(text: string): Promise<string> {
  return toHex(await sha256(new TextEncoder().encode(text)))
}
