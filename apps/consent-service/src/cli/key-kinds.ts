import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateCheckpointKey, generatePrivacyKeys } from '@onmion/privacy-server'
import type { ServiceConfig } from '../config.js'
import { KEY_FILE, parseKeys } from '../vault-keys.js'

/** One kind of secret `onmion-privacy keys generate <kind>` makes. */
export interface KeyKind {
  /** One line for `--help`. */
  readonly description: string
  /** The environment variable the service (and the SDK) reads it from. */
  readonly env: string
  /**
   * A new value, as the variable holds it. With `current` (rotation), the new value keeps what
   * must survive a rotation.
   */
  generate(current: string | undefined): string
  /** The value in use, for `--rotate`: the variable, else where the service keeps a generated one. */
  current(config: ServiceConfig): Promise<string | undefined>
}

/**
 * The secrets the CLI generates, by kind. A new kind (a checkpoint signing key, say) is one more
 * entry: the `generate` command, its help and its output follow from this table.
 *
 * @example
 * KEY_KINDS.identifiers.generate(undefined) // '{"current":"k20261129","keys":{…},"hmacKey":"…"}'
 */
export const KEY_KINDS = {
  identifiers: {
    description: 'the identifier keys: AES-256-GCM keys that encrypt phone numbers and emails, and the HMAC key of their lookup hashes',
    env: 'ONMION_PRIVACY_KEYS',
    generate: (current) => JSON.stringify(generatePrivacyKeys(current === undefined ? undefined : parseKeys(current, 'the current ONMION_PRIVACY_KEYS'))),
    async current(config) {
      if (config.privacyKeys !== undefined) return config.privacyKeys
      return readFile(join(config.dataDir, KEY_FILE), 'utf8').catch(() => undefined)
    },
  },
  checkpoints: {
    description: 'the Ed25519 key that signs ledger checkpoints and receipts (its public key is printed with it; publish it)',
    env: 'ONMION_PRIVACY_CHECKPOINT_KEY',
    // A signing key is never extended in place: rotation is a new key, while verifiers keep
    // trusting the old public key (`checkpoints.trustedKeys`) for the checkpoints it signed.
    generate: () => JSON.stringify(generateCheckpointKey(`onmion-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`)),
    current: (config) => Promise.resolve(config.checkpointKey),
  },
} as const satisfies Record<string, KeyKind>
export type KeyKindName = keyof typeof KEY_KINDS
