export { placeEmbeds } from './embed-placeholders.js'
export type { EmbedOptions, EmbedPlaceholders } from './embed-placeholders.js'
