import { defineConfig } from '@onmion/eslint-config'
export default defineConfig({ tsconfigRootDir: import.meta.dirname, library: false, ignores: ['dist/**', 'dist-endpoint/**', 'test-results/**', 'public/**'] })
