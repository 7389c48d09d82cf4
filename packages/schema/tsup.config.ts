import { defineLibrary } from '@onmion/tsup-config'

// `consent-cookie` is its own entry so a browser bundle can take the codec without the zod model
// (the client imports `@onmion/privacy-schema/consent-cookie`).
export default defineLibrary({ entry: ['src/index.ts', 'src/consent-cookie.ts'] })
