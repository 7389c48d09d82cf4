import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Workspace packages resolve to their sources (`@onmion/source`), so the site builds without
// building the libraries first.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@onmion/source', 'module', 'browser', 'development|production'] },
  build: { target: 'es2022' },
})
