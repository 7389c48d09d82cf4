const { createConsentManager } = require('@onmion/privacy-client')
const { onmionPolicy } = require('@onmion/privacy-policy')

/** The consent manager outside a browser (state in memory): prompt, grant, read back. */
exports.check = async function check() {
  const consent = createConsentManager({ policy: onmionPolicy, gpc: false })
  const prompted = consent.needsPrompt()
  const before = consent.has('analytics')
  consent.set({ analytics: true })
  const after = consent.has('analytics')
  if (!prompted || before || !after || consent.needsPrompt()) throw new Error(`client: unexpected state ${JSON.stringify({ prompted, before, after })}`)
  return { prompted, before, after, choices: consent.get() }
}
