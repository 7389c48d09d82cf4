import { describe, expect, it } from 'vitest'
import { isStorageUnavailable } from './storage-error.js'

const pgError = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code })

describe('isStorageUnavailable', () => {
  it('is true for a lost, refused or overloaded database', () => {
    expect(isStorageUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true)
    expect(isStorageUnavailable(pgError('08006'))).toBe(true)
    expect(isStorageUnavailable(pgError('53300', 'too many connections'))).toBe(true)
    expect(isStorageUnavailable(pgError('40P01', 'deadlock detected'))).toBe(true)
    expect(isStorageUnavailable(pgError('ECONNREFUSED'))).toBe(true)
    expect(isStorageUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isStorageUnavailable(new Error('wrapped', { cause: pgError('ECONNRESET') }))).toBe(true)
  })

  it('is false for a statement the database refused (a retry never succeeds)', () => {
    expect(isStorageUnavailable(pgError('22P05', 'unsupported Unicode escape sequence'))).toBe(false)
    expect(isStorageUnavailable(pgError('22008', 'date/time field value out of range'))).toBe(false)
    expect(isStorageUnavailable(pgError('23505', 'duplicate key'))).toBe(false)
    expect(isStorageUnavailable(new RangeError('Maximum call stack size exceeded'))).toBe(false)
    expect(isStorageUnavailable('nope')).toBe(false)
  })
})
