const { EMPTY_SUBJECT_STATE, decide, definePolicy } = require('@onmion/privacy-schema')
const { onmionPolicy } = require('@onmion/privacy-policy')

/** definePolicy validates a whole policy; decide answers from consent. */
exports.check = async function check() {
  const policy = definePolicy(structuredClone(onmionPolicy))
  const request = { purpose: 'analytics', category: 'usage_data' }
  const without = decide(policy, EMPTY_SUBJECT_STATE, request)
  const granted = decide(policy, { ...EMPTY_SUBJECT_STATE, consents: { analytics: 'granted' } }, request)
  if (without.allowed || !granted.allowed) throw new Error(`schema: unexpected decisions ${JSON.stringify({ without, granted })}`)
  return { without: without.reason, granted: granted.reason }
}
