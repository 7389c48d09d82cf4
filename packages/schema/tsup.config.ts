import { defineLibrary } from '@onmion/tsup-config'

// `browser` is its own entry so a page takes the consent cookie codec, the Consent Mode signals
// and `definePolicyData` without the zod model (the client and the policy package import
// `@onmion/privacy-schema/browser`). `consent-cookie` adds the cookie's zod schema for servers.
export default defineLibrary({ entry: ['src/index.ts', 'src/consent-cookie.ts', 'src/browser.ts'] })
