import { defineConfig } from '@onmion/eslint-config'
// A private command-line package: its CLI prints to the terminal (library: false allows console).
export default defineConfig({ tsconfigRootDir: import.meta.dirname, library: false })
