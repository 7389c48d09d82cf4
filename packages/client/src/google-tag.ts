export { loadGoogleTag } from './google-tag-loader.js'
export type { GoogleTagOptions } from './google-tag-loader.js'
