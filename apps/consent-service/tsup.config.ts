import { defineConfig } from 'tsup'

// An app, not a library: one ESM bundle for Node, no declarations; workspace packages and
// dependencies stay external and resolve to their builds at run time.
export default defineConfig({ entry: ['src/main.ts'], format: ['esm'], platform: 'node', target: 'node20', sourcemap: true, clean: true })
