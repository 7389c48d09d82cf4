import { defineLibrary } from '@onmion/tsup-config'

// `fideslang` is its own entry: the mapping to Fides' taxonomy is for servers and the CLI, and
// stays out of the main entry, whose browser build mirrors its exports.
export default defineLibrary({ entry: ['src/index.ts', 'src/fideslang.ts'] })
