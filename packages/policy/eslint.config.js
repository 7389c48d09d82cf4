import { defineConfig } from '@onmion/eslint-config'
export default defineConfig({ tsconfigRootDir: import.meta.dirname, browser: true })
