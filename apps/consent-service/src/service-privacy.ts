import type { Policy } from '@onmion/privacy-schema'
import type { createPrivacy } from '@onmion/privacy-server'

/**
 * The SDK as the service holds it: typed by the general `Policy`, not Onmion's literal ids,
 * because everything the HTTP API receives is an untyped string that the SDK validates at run
 * time (an undeclared purpose is refused or denied there, never allowed).
 */
export type ServicePrivacy = Awaited<ReturnType<typeof createPrivacy<Policy>>>
