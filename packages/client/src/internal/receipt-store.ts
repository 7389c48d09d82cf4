import type { ConsentReceiptJson } from '../endpoint.js'

const RECEIPT_KEY = 'onmion_consent_receipt'
/** A receipt is about 2 KB of JSON; anything far larger is not one, and is not kept. */
const MAX_CHARS = 16_384

/**
 * Keeps the signed receipt the consent service answered a recorded choice with (the `receipt` of
 * the answer's body), in localStorage: the last one only, bounded in size. Nothing here throws.
 */
export function keepReceipt(body: unknown): void {
  const receipt = (body as { receipt?: unknown } | null)?.receipt
  if (receipt === null || typeof receipt !== 'object') return
  try {
    const text = JSON.stringify(receipt)
    if (text.length <= MAX_CHARS) localStorage.setItem(RECEIPT_KEY, text)
  } catch {
    // Storage may be disabled or full: the choice is recorded either way.
  }
}

/** The kept receipt, if it is one of `subject`'s (the browser's consent id). */
export function readReceipt(subject: string): ConsentReceiptJson | null {
  try {
    const value = JSON.parse(localStorage.getItem(RECEIPT_KEY) ?? 'null') as Partial<ConsentReceiptJson> | null
    return typeof value?.consentReceiptID === 'string' && value.piiPrincipalId === subject ? (value as ConsentReceiptJson) : null
  } catch {
    return null
  }
}
