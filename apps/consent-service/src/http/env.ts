import type { Principal } from '../auth/principal.js'

/** The per-request variables the middleware sets for handlers. */
export interface AppEnv {
  Variables: {
    principal: Principal | null
    requestId: string
  }
}
