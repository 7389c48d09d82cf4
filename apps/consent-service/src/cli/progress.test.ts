import { describe, expect, it } from 'vitest'
import { createProgress } from './progress.js'

function io(isTTY: boolean) {
  let err = ''
  return { io: { stdout: { write: () => true }, stderr: { write: (t: string) => (err += t), isTTY } }, err: () => err }
}

describe('createProgress', () => {
  it('redraws one bar in place on a terminal', () => {
    const t = io(true)
    const progress = createProgress(t.io, 200, false)
    progress.update(50, 'consent_records/consent.granted')
    progress.update(200, 'consent_records/consent.granted')
    progress.done()
    expect(t.err()).toContain('\r[########----------------------]  25% 50/200 consent_records/consent.granted')
    expect(t.err()).toContain('\r[##############################] 100% 200/200')
    expect(t.err().endsWith('\n')).toBe(true)
    expect(t.err().split('\n')).toHaveLength(2)
  })

  it('writes plain lines when not on a terminal, and nothing in JSON mode', () => {
    const plain = io(false)
    const progress = createProgress(plain.io, 10, false)
    progress.update(4, 'a/b')
    progress.update(10, 'a/b')
    expect(plain.err()).toBe('progress: 4/10 a/b\nprogress: 10/10 a/b\n')
    const quiet = io(true)
    createProgress(quiet.io, 10, true).update(1, 'x')
    expect(quiet.err()).toBe('')
  })
})
