import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_DATA_DIR, loadConfig } from './config.js'

describe('loadConfig', () => {
  it("defaults to loopback, port 8787 and PGlite in the app's own data/ directory, whatever the working directory", () => {
    const appData = resolve(import.meta.dirname, '..', 'data')
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 8787, host: '127.0.0.1', dataDir: appData, databaseUrl: resolve(appData, 'privacy'), allowedOrigins: [], logLevel: 'info' })
    expect(DEFAULT_DATA_DIR).toBe(appData)
    // A DATA_DIR given relative resolves against the working directory, as any path argument.
    expect(loadConfig({ DATA_DIR: 'here' }).dataDir).toBe(resolve('here'))
    expect(config.vonage.signatureMethod).toBe('sha256')
  })

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@h/db',
      CONSENT_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      RATE_LIMIT_PER_SECOND: '5',
      RATE_LIMIT_BURST: '10',
      VONAGE_SIGNATURE_METHOD: 'md5hash',
    })
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', databaseUrl: 'postgres://u@h/db', allowedOrigins: ['https://a.example', 'https://b.example'], rateLimit: { perSecond: 5, burst: 10 } })
    expect(config.vonage.signatureMethod).toBe('md5hash')
  })

  it('names the variable holding a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => loadConfig({ CONSENT_ALLOWED_ORIGINS: 'not a url' })).toThrow(/CONSENT_ALLOWED_ORIGINS/)
    expect(() => loadConfig({ VONAGE_SIGNATURE_METHOD: 'crc32' })).toThrow(/VONAGE_SIGNATURE_METHOD/)
  })
})
