import type { KeyKind, Scope } from './scopes.js'

/** The authenticated caller of a request: which key, of which kind, with which scopes. */
export interface Principal {
  readonly keyId: string
  readonly name: string
  readonly kind: KeyKind
  readonly scopes: readonly Scope[]
}

/** Resolves a presented bearer secret to its key, or `null` when it is unknown or revoked. */
export interface Authenticator {
  authenticate(secret: string): Promise<Principal | null>
}
