/**
 * THE size budgets of the browser SDK: the one place they are written. They budget what a site
 * ships, not a package alone: each README's example as written, bundled as a site would bundle
 * it (esbuild, browser platform, minified, every dependency in except the ones listed as
 * external), measured gzip -9 ("min+gzip"). `test/size.test.ts` fails over a limit (it runs in
 * `pnpm test`); `pnpm --filter @onmion/web size` prints every figure, brotli too, beside the peers.
 * Raise a limit only with the reason in the commit message.
 */
export interface Budget {
  /** Largest gzip -9 size of the JS allowed, in bytes. */
  readonly limit: number
  /** The size we aim for: above it the report says so, without failing. */
  readonly aim: number
}

const KB = 1024

export const BUDGETS = {
  /** `packages/client/README.md`'s example: the manager with Onmion's policy, no framework. */
  client: { limit: 6 * KB, aim: 5 * KB },
  /** `packages/react/README.md`'s page (banner, dialog, gate), react and react-dom external. */
  react: { limit: 10 * KB, aim: 8 * KB },
  /** `@onmion/privacy-client/network` (opt-in): the network gate, what it adds to the client. */
  network: { limit: 2 * KB, aim: 1.5 * KB },
  /** `@onmion/privacy-client/embeds` (opt-in): the embed placeholders, what they add to the client. */
  embeds: { limit: 1.5 * KB, aim: 1 * KB },
  /** `@onmion/privacy-client/google-tag` (opt-in): the Google tag loader, what it adds to the client. */
  googleTag: { limit: 1 * KB, aim: 0.75 * KB },
  /** `@onmion/privacy-client/account` (opt-in): a signed-in person's choice from their other sites. */
  account: { limit: 1 * KB, aim: 0.75 * KB },
  /** `@onmion/privacy-proof`: every verifier it offers, as a receipt page or extension bundles it. */
  proof: { limit: 4 * KB, aim: 3.5 * KB },
} as const satisfies Record<string, Budget>
