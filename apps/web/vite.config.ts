import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const page = (file: string): string => fileURLToPath(new URL(file, import.meta.url))

// Workspace packages resolve to their sources (`@onmion/source`), so the site builds without
// building the libraries first. Two pages: the site, and the Google Consent Mode demo.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@onmion/source', 'module', 'browser', 'development|production'] },
  build: { target: 'es2022', rollupOptions: { input: { main: page('index.html'), 'consent-mode': page('consent-mode.html') } } },
})
