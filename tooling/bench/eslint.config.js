import { defineConfig } from '@onmion/eslint-config'
// Benchmarks print their figures to the terminal (library: false allows console).
export default defineConfig({ tsconfigRootDir: import.meta.dirname, library: false })
