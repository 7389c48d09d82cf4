import { describe, expect, it } from 'vitest'
import { EmailAddress } from './email-address.js'

describe('EmailAddress', () => {
  it.each(['ann@example.com', "o'brien+tag@mail.example.co.uk", 'a.b-c@x-y.org'])('takes %s', (address) => {
    expect(EmailAddress.safeParse(address).success).toBe(true)
  })

  it.each([
    ['a label ending with a hyphen', 'ann@gD-.example.com'],
    ['a label starting with a hyphen', 'ann@-x.example.com'],
    ['two dots', 'ann..b@example.com'],
    ['no top-level domain', 'ann@localhost'],
    ['a local part of 65 characters', `${'a'.repeat(65)}@example.com`],
    ['a NUL', 'ann\u0000@example.com'],
  ])('refuses %s', (_, address) => {
    expect(EmailAddress.safeParse(address).success).toBe(false)
  })
})
