import { EMPTY_SUBJECT_STATE, decide, definePolicy } from '@onmion/privacy-schema'
import { onmionPolicy } from '@onmion/privacy-policy'

/** definePolicy validates a whole policy; decide answers from consent. */
export async function check() {
  const policy = definePolicy(structuredClone(onmionPolicy))
  const request = { purpose: 'analytics', category: 'usage_data' }
  const without = decide(policy, EMPTY_SUBJECT_STATE, request)
  const granted = decide(policy, { ...EMPTY_SUBJECT_STATE, consents: { analytics: 'granted' } }, request)
  if (without.allowed || !granted.allowed) throw new Error(`schema: unexpected decisions ${JSON.stringify({ without, granted })}`)
  return { without: without.reason, granted: granted.reason }
}
